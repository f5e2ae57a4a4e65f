"""Time a wrong-password sign-in for a real account and for an email nobody has.

Run from the repository root::

    .venv/bin/python bench/sign_in_timing.py

It builds the app on a temporary SQLite file, creates one account, then posts a wrong
password 20 times for that account and 20 times for unknown emails (alternating, so a busy
machine slows both alike), and prints the median of each. The two should be within a few
milliseconds of each other: if the unknown email is much faster, the sign-in page tells an
attacker who has an account. Lockouts are raised out of the way so every attempt is checked.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from discovery import create_app  # noqa: E402
from discovery.extensions import db  # noqa: E402

ATTEMPTS = 20


def _app(folder: Path):
    return create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "bench-secret-key",
            "INSTANCE_PATH": str(folder / "instance"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "ENVIRONMENT": {},
            "REDIS_URL": None,
            "SIGN_IN_MAX_FAILURES": 10_000,
            "SIGN_IN_ADDRESS_MAX_FAILURES": 10_000,
        }
    )


def _post_ms(client, email: str) -> float:
    started = time.perf_counter()
    response = client.post("/sign-in", data={"email": email, "password": "not the password"})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed


def main() -> None:
    from discovery.core import services

    with tempfile.TemporaryDirectory() as folder:
        app = _app(Path(folder))
        with app.app_context():
            db.create_all()
            services.create_user("rhian@npt.example.gov.wales", "Rhian", "researcher", "a long passphrase")
            db.session.commit()
        client = app.test_client()
        _post_ms(client, "warm.up@example.gov.wales")
        real, unknown = [], []
        for n in range(ATTEMPTS):
            real.append(_post_ms(client, "rhian@npt.example.gov.wales"))
            unknown.append(_post_ms(client, f"nobody{n}@npt.example.gov.wales"))
        with app.app_context():
            db.engine.dispose()
    print(f"Wrong password, median of {ATTEMPTS} sign-ins:")
    print(f"  real account   {statistics.median(real):7.1f} ms")
    print(f"  unknown email  {statistics.median(unknown):7.1f} ms")
    print(f"  difference     {statistics.median(real) - statistics.median(unknown):7.1f} ms")


if __name__ == "__main__":
    main()
