"""Forms for signing in and for discoveries. Business rules live here, checked via services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import PasswordField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional, ValidationError

from discovery.core import services
from discovery.core.form_fields import (
    GovDateField,
    LocalisedCharacterCount,
    MultiCheckboxField,
    VersionField,
    choices_from,
)
from discovery.core.password_policy import MAX_PASSWORD_LENGTH
from discovery.core.validators import EmailAddress, MaxLength, Required, strip_filter
from discovery.core.vocab import LANGUAGES, PHASES


class SignInForm(FlaskForm):
    email = StringField(
        _l("Email address"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[
            Required(_l("Enter your email address")),
            MaxLength(_l("Email address"), 254),
            EmailAddress(),
        ],
    )
    password = PasswordField(
        _l("Password"),
        widget=GovPasswordInput(),
        validators=[Required(_l("Enter your password")), MaxLength(_l("Password"), MAX_PASSWORD_LENGTH)],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class DiscoveryForm(FlaskForm):
    TITLE_TAKEN = _l("A discovery with this title already exists. Enter a different title")

    title = StringField(
        _l("Title"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l("For example, Accessing adult social care"),
        validators=[Required(_l("Enter a title")), MaxLength(_l("Title"), 120)],
    )
    service = StringField(
        _l("Service"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l("The service this discovery looks at"),
        validators=[Required(_l("Enter the service")), MaxLength(_l("Service"), 200)],
    )
    problem_statement = TextAreaField(
        _l("Problem statement"),
        widget=LocalisedCharacterCount(),
        filters=[strip_filter],
        description=_l("What users need and what the squad wants to find out"),
        validators=[MaxLength(_l("Problem statement"), 2000)],
    )
    phase = RadioField(
        _l("Phase"),
        widget=GovRadioInput(),
        choices=choices_from(PHASES),
        default="discovery",
        validators=[Required(_l("Select a phase"))],
    )
    content_language = RadioField(
        _l("Language the squad writes in"),
        widget=GovRadioInput(),
        choices=choices_from(LANGUAGES),
        default="en",
        description=_l(
            "The language of this discovery’s description, themes, user needs, journey maps and "
            "backlog. Pages in the other language mark these words so screen readers say them "
            "in the right voice."
        ),
        # A browser always sends the checked default; a script that leaves it out keeps the
        # discovery's language (English for a new one) rather than failing.
        validators=[Optional()],
    )
    start_date = GovDateField(_l("Start date"), description=_l("For example, 7 9 2026"))
    end_date = GovDateField(_l("End date"), description=_l("For example, 18 12 2026"))
    authorities = MultiCheckboxField(
        _l("Authorities taking part"),
        widget=GovCheckboxesInput(),
        description=_l("Select all that apply"),
        validators=[Required(_l("Select at least one authority"))],
    )
    version = VersionField()
    submit = SubmitField(_l("Save discovery"), widget=GovSubmitInput())

    def __init__(self, *args, discovery=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery
        self.authorities.choices = choices_from({a.id: a.name for a in services.all_authorities()})
        if discovery is not None and not self.is_submitted():
            self.authorities.data = [str(a.id) for a in discovery.authorities]

    def validate_title(self, field) -> None:
        exclude = self._discovery.id if self._discovery else None
        if field.data and services.title_taken(field.data, exclude_id=exclude):
            raise ValidationError(self.TITLE_TAKEN)

    def validate_end_date(self, field) -> None:
        start = self.start_date.data
        if field.data and start and field.data < start:
            raise ValidationError(_l("End date must be the same as or after the start date"))

    def to_data(self) -> services.DiscoveryData:
        return services.DiscoveryData(
            title=self.title.data,
            service=self.service.data,
            problem_statement=self.problem_statement.data or "",
            phase=self.phase.data,
            content_language=self.content_language.data
            or (self._discovery.content_language if self._discovery else "en"),
            start_date=self.start_date.data,
            end_date=self.end_date.data,
            authority_ids=list(self.authorities.data or []),
        )


class AddMemberForm(FlaskForm):
    ALREADY_MEMBER = _l("This person is already a member of the discovery")

    email = StringField(
        _l("Email address of the person to add"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l("They must already have an account"),
        validators=[
            Required(_l("Enter an email address")),
            MaxLength(_l("Email address"), 254),
            EmailAddress(),
        ],
    )
    submit = SubmitField(_l("Add member"), widget=GovSubmitInput())

    def __init__(self, *args, discovery=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery
        self.user = None

    def validate_email(self, field) -> None:
        self.user = services.user_by_email(field.data)
        if self.user is None:
            raise ValidationError(_l("There is no account with this email address"))
        if self._discovery and any(m.id == self.user.id for m in self._discovery.members):
            raise ValidationError(self.ALREADY_MEMBER)


class ConfirmForm(FlaskForm):
    """A bare form for buttons that change things (sign out, remove member): CSRF only."""

    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())
