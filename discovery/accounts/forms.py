"""Forms for managing people and authorities, and for choosing a password from a link.

Passwords are checked by the app's one policy, :func:`discovery.core.password_policy.password_problem`
(length, a common-password list, not the person's own email or name).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import Regexp, ValidationError

from discovery.accounts import services
from discovery.core import password_policy
from discovery.core.form_fields import (
    MultiCheckboxField,
    StrictRadioField,
    StrictSelectField,
    VersionField,
    choices_from,
)
from discovery.core.passwords import MIN_PASSWORD_LENGTH
from discovery.core.validators import EmailAddress, MaxLength, Required, strip_filter
from discovery.core.vocab import ROLES

EMAIL_TAKEN = _l("There is already an account with this email address")
CODE_TAKEN = _l("There is already an authority with this code")
NAME_TAKEN = _l("There is already an authority with this name")
WELSH_NAME_TAKEN = _l("There is already an authority with this Welsh name")
ROLES_NEEDING_AUTHORITY = ("researcher", "squad_member", "authority_lead")
AUTHORITY_KINDS = {"council": _l("Council"), "partner": _l("Partner organisation")}
STATUS_LABELS = {
    "active": _l("Active"),
    "invited": _l("Invited"),
    "deactivated": _l("Deactivated"),
}


def _authority_choices():
    return choices_from({a.id: f"{a.name} ({a.code})" for a in services.authorities()})


_EMAIL = StringField(
    _l("Email address"),
    widget=GovTextInput(),
    filters=[strip_filter],
    description=_l("The address they sign in with"),
    validators=[
        Required(_l("Enter an email address")),
        MaxLength(_l("Email address"), 254),
        EmailAddress(),
    ],
)


class PersonFields(FlaskForm):
    """Name, role and authorities: what an admin sets when inviting or editing a person."""

    display_name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[Required(_l("Enter the person’s full name")), MaxLength(_l("Full name"), 120)],
    )
    role = StrictRadioField(
        _l("Role"),
        widget=GovRadioInput(),
        choices=choices_from(ROLES),
        validators=[Required(_l("Select a role"))],
        invalid_message=_l("Select a role"),
    )
    authorities = MultiCheckboxField(
        _l("Authorities"),
        widget=GovCheckboxesInput(),
        description=_l("The councils or partner organisations the person works for. Select all that apply"),
    )

    def __init__(self, *args, person=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.authorities.choices = _authority_choices()
        if person is not None and not self.is_submitted():
            self.authorities.data = [str(a.id) for a in person.authorities]

    def validate_authorities(self, field) -> None:
        if self.role.data in ROLES_NEEDING_AUTHORITY and not field.data:
            raise ValidationError(_l("Select at least one authority the person works for"))

    def to_data(self) -> services.PersonData:
        return services.PersonData(
            display_name=self.display_name.data,
            role=self.role.data,
            authority_ids=list(self.authorities.data or []),
        )


class InviteForm(PersonFields):
    email = _EMAIL  # made before PersonFields' fields, so it comes first on the page and in errors
    submit = SubmitField(_l("Create account and link"), widget=GovSubmitInput())

    def validate_email(self, field) -> None:
        if field.data and services.email_taken(field.data):
            raise ValidationError(EMAIL_TAKEN)


class EditPersonForm(PersonFields):
    version = VersionField()
    submit = SubmitField(_l("Save changes"), widget=GovSubmitInput())


class VersionedConfirmForm(FlaskForm):
    """A confirmation button for a change to one person (deactivate, reactivate, reset a password),
    carrying the version of the person the admin was looking at."""

    version = VersionField()
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class PeopleFilterForm(FlaskForm):
    """The filters above the list of people: read from the query string, no CSRF (a GET)."""

    class Meta:
        csrf = False

    role = StrictSelectField(
        _l("Role"),
        widget=GovSelect(),
        default="",
        invalid_message=_l("Select a role from the list"),
    )
    authority = StrictSelectField(
        _l("Authority"),
        widget=GovSelect(),
        default="",
        invalid_message=_l("Select an authority from the list"),
    )
    status = StrictSelectField(
        _l("Status"),
        widget=GovSelect(),
        default="",
        invalid_message=_l("Select a status from the list"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = [("", _l("Any role")), *choices_from(ROLES)]
        self.authority.choices = [
            ("", _l("Any authority")),
            *choices_from({a.id: a.name for a in services.authorities()}),
        ]
        self.status.choices = [("", _l("Any status")), *choices_from(STATUS_LABELS)]


class AuthorityForm(FlaskForm):
    code = StringField(
        _l("Code"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l("A short code of capital letters or numbers, for example TOR"),
        validators=[
            Required(_l("Enter a code")),
            MaxLength(_l("Code"), 12),
            Regexp(r"^[A-Za-z0-9-]+$", message=_l("Code must only include letters, numbers and hyphens")),
        ],
    )
    name = StringField(
        _l("Name in English"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l("For example, Torfaen County Borough Council"),
        validators=[Required(_l("Enter the name in English")), MaxLength(_l("Name in English"), 120)],
    )
    name_cy = StringField(
        _l("Name in Welsh"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l(
            "For example, Cyngor Bwrdeistref Sirol Torfaen. Welsh pages show the English name without one"
        ),
        validators=[MaxLength(_l("Name in Welsh"), 120)],
    )
    kind = StrictRadioField(
        _l("Kind of organisation"),
        widget=GovRadioInput(),
        choices=choices_from(AUTHORITY_KINDS),
        default="council",
        validators=[Required(_l("Select the kind of organisation"))],
        invalid_message=_l("Select the kind of organisation"),
    )
    version = VersionField()
    submit = SubmitField(_l("Save authority"), widget=GovSubmitInput())

    def __init__(self, *args, authority=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._exclude = authority.id if authority is not None else None

    def validate_code(self, field) -> None:
        if field.data and services.code_taken(field.data, self._exclude):
            raise ValidationError(CODE_TAKEN)

    def validate_name(self, field) -> None:
        if field.data and services.name_taken(field.data, self._exclude):
            raise ValidationError(NAME_TAKEN)

    def validate_name_cy(self, field) -> None:
        if field.data and services.welsh_name_taken(field.data, self._exclude):
            raise ValidationError(WELSH_NAME_TAKEN)

    def to_data(self) -> services.AuthorityData:
        return services.AuthorityData(
            code=self.code.data, name=self.name.data, name_cy=self.name_cy.data or "", kind=self.kind.data
        )


class ChoosePasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        widget=GovPasswordInput(),
        description=_l(
            "Use %(min)d characters or more. A few unrelated words make a strong one", min=MIN_PASSWORD_LENGTH
        ),
        validators=[Required(_l("Enter a new password"))],
    )
    confirm = PasswordField(
        _l("Confirm new password"),
        widget=GovPasswordInput(),
        validators=[Required(_l("Confirm your new password"))],
    )
    submit = SubmitField(_l("Save password"), widget=GovSubmitInput())

    def __init__(self, *args, person=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def validate_password(self, field) -> None:
        """The app's one password policy (discovery.core.password_policy), for this person."""
        email, name = (self.person.email, self.person.display_name) if self.person is not None else ("", "")
        problem = password_policy.password_problem(field.data or "", email=email, name=name)
        if problem:
            raise ValidationError(problem)

    def validate_confirm(self, field) -> None:
        if self.password.data and field.data != self.password.data:
            raise ValidationError(_l("The passwords do not match. Enter the same password twice"))
