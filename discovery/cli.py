"""Command-line tasks: `flask --app discovery create-user`, `demo-data`, `worker`."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from discovery.core import services
from discovery.core.passwords import MIN_PASSWORD_LENGTH
from discovery.core.vocab import ROLES
from discovery.extensions import db


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(demo_data)
    app.cli.add_command(worker)


def _read_password() -> str:
    """Prompt twice on a terminal; read one line from stdin when piped (scripts, CI)."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
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
        raise click.BadParameter("Enter an email address in the correct format, like name@example.com")
    if services.user_by_email(email) is not None:
        raise click.ClickException(f"A user with the email {email} already exists")
    authorities = []
    for code in authority_codes:
        authority = services.authority_by_code(code)
        if authority is None:
            known = ", ".join(a.code for a in services.all_authorities()) or "none yet"
            raise click.ClickException(f"There is no authority with the code {code}. Known codes: {known}")
        authorities.append(authority)
    password = _read_password()
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"The password must be {MIN_PASSWORD_LENGTH} characters or more")
    user = services.create_user(email, display_name or email.split("@")[0], role, password, authorities)
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}")


@click.command("demo-data")
@with_appcontext
def demo_data() -> None:
    """Load the demo discovery "Accessing adult social care". Safe to run again."""
    from discovery.demo.loader import ManifestError, load_demo

    try:
        report = load_demo()
    except ManifestError as error:
        db.session.rollback()
        raise click.ClickException(f"The demo was not loaded. {error}") from None
    db.session.commit()
    click.echo(report.summary())


@click.command("worker")
@with_appcontext
def worker() -> None:
    """Run an RQ worker for background jobs (needs REDIS_URL)."""
    from rq import Worker

    from discovery.jobs import _queue

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException(
            "Set REDIS_URL to run a worker; without it jobs run inside the web process"
        )
    queue = _queue(current_app)
    Worker([queue], connection=queue.connection).work()
