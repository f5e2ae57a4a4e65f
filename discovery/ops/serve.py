"""`make serve-prod`: check the configuration, migrate, then run gunicorn and the RQ workers.

``python -m discovery.ops.serve`` with ``DISCOVERY_ENV=production`` (the make target sets it):

1. refuses to start, with the reason, when the production configuration is unsafe (no
   ``SECRET_KEY``, a short one, or the development key) — before anything else runs;
2. runs ``flask db upgrade``;
3. starts gunicorn with ``deploy/gunicorn.conf.py`` and, when ``REDIS_URL`` is set,
   ``RQ_WORKERS`` RQ workers (default 1; ``flask --app discovery worker``);
4. stops all of them gracefully (SIGTERM: requests and jobs in progress finish) on Ctrl-C or
   SIGTERM, and stops the rest when any one of them exits, so the stack never half runs.

The children run in process groups of their own: a terminal's Ctrl-C reaches only this
supervisor, which sends each child exactly one SIGTERM (a second signal makes an RQ worker
abandon the job it is running).

On a council's servers systemd usually supervises gunicorn and the workers as separate units
instead (README, "Deployment"); this command is the same stack in one terminal.
"""

from __future__ import annotations

import os
import signal
import subprocess  # noqa: S404 - starts our own gunicorn and flask processes
import sys
import time
from pathlib import Path

from discovery.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
STOP_WAIT_SECONDS = 40


def _say(message: str) -> None:
    print(f"serve-prod: {message}", file=sys.stderr, flush=True)


def check_configuration(env: dict[str, str]) -> dict[str, object]:
    """The production configuration, or ConfigError saying what to set."""
    if env.get("DISCOVERY_ENV") != "production":
        raise ConfigError("Set DISCOVERY_ENV=production to serve in production (make serve-prod does)")
    return load_config(ROOT / "instance", env)


def commands(env: dict[str, str]) -> tuple[list[str], dict[str, list[str]]]:
    """The migration command, and the long-running ones by name (gunicorn, then RQ workers)."""
    python = sys.executable
    flask = [python, "-m", "flask", "--app", "discovery"]
    running = {"gunicorn": [python, "-m", "gunicorn", "--config", str(GUNICORN_CONF)]}
    if env.get("REDIS_URL"):
        count = int(env.get("RQ_WORKERS") or 1)
        running.update({f"RQ worker {n}": [*flask, "worker"] for n in range(1, count + 1)})
    return [*flask, "db", "upgrade"], running


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_WAIT_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _say(f"process {child.pid} did not stop in {STOP_WAIT_SECONDS} s; killing it")
            child.kill()
            child.wait()


def main() -> int:
    env = dict(os.environ)
    try:
        check_configuration(env)
    except ConfigError as error:
        _say(f"not starting: {error}")
        return 2
    migrate, running = commands(env)
    _say("bringing the database schema up to date")
    if subprocess.run(migrate, cwd=ROOT, env=env, check=False).returncode != 0:  # noqa: S603
        _say("not starting: the migration failed (see above)")
        return 1

    stopping = False

    def on_signal(signum, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    named = {
        name: subprocess.Popen(command, cwd=ROOT, env=env, process_group=0)  # noqa: S603
        for name, command in running.items()
    }
    children = list(named.values())
    workers = len(children) - 1
    _say(
        f"gunicorn (pid {children[0].pid}) and {workers} RQ worker(s) running; Ctrl-C stops them all"
        if workers
        else f"gunicorn (pid {children[0].pid}) running, jobs in its threads (REDIS_URL is not set)"
    )
    status = 0
    while not stopping:
        ended = next((name for name, child in named.items() if child.poll() is not None), None)
        if ended is not None:
            child = named[ended]
            _say(f"{ended} (pid {child.pid}) exited with status {child.returncode}; stopping the rest")
            status = child.returncode or 1
            break
        time.sleep(0.2)
    _say("stopping")
    _stop(children)
    return status


if __name__ == "__main__":
    sys.exit(main())
