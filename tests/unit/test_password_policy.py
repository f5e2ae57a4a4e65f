"""The password policy: length, the common-password list, and not the person's own email or name."""

from __future__ import annotations

import pytest

from discovery.core.password_policy import (
    MAX_PASSWORD_LENGTH,
    PasswordPolicy,
    common_passwords,
    password_problem,
)

EMAIL = "carys.jones@npt.example.gov.wales"
NAME = "Carys Jones"


@pytest.mark.parametrize(
    "password, message",
    [
        ("", "Enter a password"),
        ("eleven char", "Password must be 12 characters or more"),
        ("x" * (MAX_PASSWORD_LENGTH + 1), "Password must be 256 characters or fewer"),
        ("Carys.Jones@NPT.example.gov.wales", "Password must not be your email address"),
        ("carysjonesabc", None),  # contains a name but is not the name
        ("Carys Jones Carys", None),
        ("CARYS JONES", "Password must be 12 characters or more"),  # 11 characters: length first
        ("carys.jones1", None),
        ("qwerty123456", "Password is too common"),
        ("Q1W2E3R4T5Y6", "Password is too common"),  # listed as "Q1w2e3r4t5y6"
        ("  Password1234  ", "Password is too common"),
        ("correct horse battery staple", None),
        ("x" * MAX_PASSWORD_LENGTH, None),
    ],
)
def test_each_problem_gets_its_own_message(password, message):
    problem = password_problem(password, email=EMAIL, name=NAME)
    if message is None:
        assert problem is None
    else:
        assert problem is not None and problem.startswith(message), problem


def test_the_local_part_of_the_email_and_the_name_are_refused_when_long_enough():
    assert password_problem("carys.jones.npt", email="carys.jones.npt@example.gov.wales").startswith(
        "Password must not be your email address"
    )
    assert password_problem("Ffion  Llewellyn", name="ffion llewellyn").startswith(
        "Password must not be your name"
    )


def test_the_common_password_list_is_the_full_list_and_holds_long_entries():
    words = common_passwords()
    assert len(words) > 19_000
    long_ones = sorted(w for w in words if len(w) >= 12)
    assert len(long_ones) > 150
    assert all(password_problem(w) and "too common" in password_problem(w) for w in long_ones[:200])


def test_the_form_validator_raises_the_same_message():
    from wtforms import Form, PasswordField, StringField
    from wtforms.validators import ValidationError

    class SetPassword(Form):
        email = StringField()
        password = PasswordField(validators=[PasswordPolicy(email_field="email")])

    form = SetPassword(data={"email": EMAIL, "password": EMAIL})
    with pytest.raises(ValidationError, match="must not be your email address"):
        PasswordPolicy(email_field="email")(form, form.password)
    assert not form.validate()
    assert form.password.errors[0].startswith("Password must not be your email address")
