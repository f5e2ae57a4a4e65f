"""Command-line tasks: `flask --app discovery create-user`, `set-role`, `deactivate-user`,
`reactivate-user`, `demo-data`, `worker`;
`backup` and `restore` live in discovery.ops."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from discovery.core import services
from discovery.core.password_policy import password_problem
from discovery.core.vocab import ROLES
from discovery.extensions import db


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(set_role)
    app.cli.add_command(deactivate_user)
    app.cli.add_command(reactivate_user)
    app.cli.add_command(demo_data)
    app.cli.add_command(worker)
    from discovery.ops.cli import backup, restore

    app.cli.add_command(backup)
    app.cli.add_command(restore)


def _read_password() -> str:
    """Prompt twice on a terminal; read one line from stdin when piped (scripts, CI)."""
    if sys.stdin.isatty():
        return click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(list(ROLES)), required=True, help="What the person may do")
@click.option("--authority", "authority_codes", multiple=True, help="Authority code, e.g. NPT (repeatable)")
@click.option(
    "--name", "display_name", default=None, help="Display name (defaults to the email's first part)"
)
@with_appcontext
def create_user(email: str, role: str, authority_codes: tuple[str, ...], display_name: str | None) -> None:
    """Create a user account. Asks for the password, or reads it from standard input."""
    if "@" not in email or len(email) > 254:
        raise click.BadParameter(_("Enter an email address in the correct format, like name@example.com"))
    if services.user_by_email(email) is not None:
        raise click.ClickException(_("A user with the email %(email)s already exists", email=email))
    authorities = []
    for code in authority_codes:
        authority = services.authority_by_code(code)
        if authority is None:
            known = ", ".join(a.code for a in services.all_authorities()) or _("none yet")
            raise click.ClickException(
                _(
                    "There is no authority with the code %(code)s. Known codes: %(known)s",
                    code=code,
                    known=known,
                )
            )
        authorities.append(authority)
    display_name = display_name or email.split("@")[0]
    password = _read_password()
    if problem := password_problem(password, email=email, name=display_name):
        raise click.ClickException(problem)
    user = services.create_user(email, display_name, role, password, authorities)
    db.session.commit()
    click.echo(_("Created %(role)s %(email)s", role=user.role, email=user.email))


def _existing_user(email: str):
    user = services.user_by_email(email)
    if user is None:
        raise click.ClickException(
            _("There is no user with the email %(email)s", email=email.strip().lower())
        )
    return user


@click.command("set-role")
@click.argument("email")
@click.option("--role", type=click.Choice(list(ROLES)), required=True, help="What the person may do")
@with_appcontext
def set_role(email: str, role: str) -> None:
    """Change what a person may do. Signs them out everywhere."""
    user = _existing_user(email)
    services.change_role(user, role, by=None)
    db.session.commit()
    click.echo(_("%(email)s is now a %(role)s; their sessions have ended", email=user.email, role=user.role))


@click.command("deactivate-user")
@click.argument("email")
@with_appcontext
def deactivate_user(email: str) -> None:
    """Stop a person signing in, and sign them out everywhere now."""
    user = _existing_user(email)
    services.deactivate_user(user, by=None)
    db.session.commit()
    click.echo(_("Deactivated %(email)s; their sessions have ended", email=user.email))


@click.command("reactivate-user")
@click.argument("email")
@with_appcontext
def reactivate_user(email: str) -> None:
    """Let a deactivated person sign in again."""
    user = _existing_user(email)
    services.reactivate_user(user, by=None)
    db.session.commit()
    click.echo(_("Reactivated %(email)s", email=user.email))


@click.command("demo-data")
@with_appcontext
def demo_data() -> None:
    """Load the demo discovery "Accessing adult social care". Safe to run again."""
    from discovery.demo.loader import ManifestError, load_demo

    try:
        report = load_demo()
    except ManifestError as error:
        db.session.rollback()
        raise click.ClickException(_("The demo was not loaded. %(error)s", error=error)) from None
    db.session.commit()
    click.echo(report.summary())


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop")
@with_appcontext
def worker(burst: bool) -> None:
    """Run an RQ worker for background jobs (needs REDIS_URL). Marks jobs of dead workers failed."""
    import os

    from rq import Worker

    from discovery import jobs
    from discovery.jobs.backends import queue
    from discovery.jobs.worker import worker_app

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException(
            _("Set REDIS_URL to run a worker; without it jobs run inside the web process")
        )
    app = current_app._get_current_object()
    failed = jobs.startup_sweep(app)
    if failed:
        click.echo(
            _("Marked %(count)d job(s) failed: their worker stopped without finishing them", count=failed)
        )
    jobs.start_sweeper(app)
    # The work horse is forked for each job: it must not share the parent's database connections.
    job_app = worker_app()
    with job_app.app_context():
        engine = db.engine
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    rq_queue = queue(app)
    if not burst:
        # Scheduled work (the retention purge) puts its next run in place; RQ refuses duplicates.
        from discovery.jobs.schedule import ensure_scheduled

        scheduled = ensure_scheduled(app)
        if scheduled:
            click.echo(_("Scheduled: %(tasks)s", tasks=", ".join(scheduled)))
    Worker([rq_queue], connection=rq_queue.connection).work(burst=burst, with_scheduler=True)
