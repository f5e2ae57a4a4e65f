"""`flask create-user` makes accounts from the command line with clear errors."""

from __future__ import annotations

from discovery.core import services
from discovery.core.passwords import verify_password
from discovery.extensions import db


def test_create_user_reads_the_password_from_stdin(app, factories):
    factories.authority(code="NPT", name="Neath Port Talbot Council")
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["create-user", "Carys@npt.example.gov.wales", "--role", "researcher", "--authority", "npt"],
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created researcher carys@npt.example.gov.wales" in result.output
    user = services.user_by_email("carys@npt.example.gov.wales")
    assert [a.code for a in user.authorities] == ["NPT"]
    assert verify_password(user.password_hash, "a long enough passphrase")


def test_create_user_explains_each_mistake(app, factories):
    factories.user(email="taken@example.gov.wales")
    db.session.commit()
    runner = app.test_cli_runner()
    cases = [
        (["create-user", "taken@example.gov.wales", "--role", "admin"], "already exists"),
        (
            ["create-user", "new@example.gov.wales", "--role", "admin", "--authority", "XYZ"],
            "no authority with the code XYZ",
        ),
        (["create-user", "new@example.gov.wales", "--role", "wizard"], "Invalid value for '--role'"),
        (["create-user", "not-an-email", "--role", "admin"], "correct format"),
    ]
    for args, message in cases:
        result = runner.invoke(args=args, input="a long enough passphrase\n")
        assert result.exit_code != 0 and message in result.output, (args, result.output)
    short = runner.invoke(args=["create-user", "new@example.gov.wales", "--role", "admin"], input="short\n")
    assert short.exit_code != 0 and "12 characters or more" in short.output
    assert services.user_by_email("new@example.gov.wales") is None


def test_create_user_refuses_a_common_password_or_the_persons_own_email(app):
    runner = app.test_cli_runner()
    args = ["create-user", "gwen.morgan@torfaen.example.gov.wales", "--role", "researcher"]
    for password, message in [
        ("password1234", "Password is too common"),
        ("gwen.morgan@torfaen.example.gov.wales", "Password must not be your email address"),
        ("x" * 257, "Password must be 256 characters or fewer"),
    ]:
        result = runner.invoke(args=args, input=f"{password}\n")
        assert result.exit_code != 0 and message in result.output, (password[:20], result.output)
    named = runner.invoke(args=[*args, "--name", "Gwen Morgan Jones"], input="gwen morgan jones\n")
    assert named.exit_code != 0 and "Password must not be your name" in named.output
    assert services.user_by_email("gwen.morgan@torfaen.example.gov.wales") is None
