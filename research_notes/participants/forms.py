"""Forms for participants, consent, withdrawal and real names. Business rules are checked here."""

from __future__ import annotations

import uuid
from datetime import date

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, Form, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from discovery.core.form_fields import (
    GovDateField,
    LocalisedCharacterCount,
    MultiCheckboxField,
    VersionField,
    choices_from,
)
from discovery.core.models import Discovery
from discovery.core.validators import MaxLength, Required, strip_filter
from discovery.core.vocab import AGE_BANDS, CONSENT_SCOPES, DIGITAL_CONFIDENCE, LANGUAGES, SEGMENTS
from research_notes.participants import retention, services

NOT_RECORDED = {"": _l("Not recorded")}

# The participants list's filter value for "data deleted in the next 30 days" (kept in URLs).
RETENTION_ENDING = "ending"

# Shown by the form's check and by the page when the database catches a clash the check missed.
DUPLICATE_PSEUDONYM = _l("A participant with this pseudonym already exists. Enter a different pseudonym")

CONSENT_STATUS_LABELS = {
    services.RECORDED: _l("Consent recorded"),
    services.NOT_RECORDED: _l("No consent recorded"),
    services.WITHDRAWN: _l("Consent withdrawn"),
}


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _locale() -> str:
    return str(get_locale() or "en")


ANOTHER_ORGANISATION = "another"


class ParticipantBasics:
    """Who a participant is: pseudonym, segment, and the authority or other organisation they
    come from. Shared by the participant form and the import review's "Add a participant".

    A participant from outside the discovery's authorities (a health board, a charity) is
    recorded under "Another organisation" with its name, so the record stays true.
    """

    pseudonym = StringField(
        _l("Pseudonym"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l("A code, never their name. For example, P07"),
        validators=[Required(_l("Enter a pseudonym")), MaxLength(_l("Pseudonym"), 20)],
    )
    segment = RadioField(
        _l("Segment"),
        widget=GovRadioInput(),
        choices=choices_from(SEGMENTS),
        invalid_choice_message=_l("Select from the options shown"),
        validators=[Required(_l("Select a segment"))],
    )
    authority_id = RadioField(
        _l("Authority"),
        widget=GovRadioInput(),
        description=_l("The council or organisation whose service they use or work for"),
        validate_choice=False,  # checked in validate_authority_id, with a clearer message
    )
    organisation = StringField(
        _l("Name of the organisation"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[MaxLength(_l("Name of the organisation"), 200)],
    )

    _discovery: Discovery
    _participant = None

    def set_up_basics(self, discovery: Discovery, participant=None) -> None:
        self._discovery = discovery
        self._participant = participant
        authorities = {a.id: a.localised_name(_locale()) for a in discovery.authorities}
        self.authority_id.choices = choices_from(authorities)
        if authorities:
            self.authority_id.choices.append(SelectChoice(ANOTHER_ORGANISATION, _l("Another organisation")))

    @property
    def has_authorities(self) -> bool:
        return bool(self.authority_id.choices)

    def validate_pseudonym(self, field) -> None:
        exclude = self._participant.id if self._participant else None
        if field.data and services.pseudonym_taken(self._discovery, field.data, exclude_id=exclude):
            raise ValidationError(DUPLICATE_PSEUDONYM)

    def validate_authority_id(self, field) -> None:
        if not self.has_authorities:
            field.data = None
            return
        if not field.data:
            raise ValidationError(_l("Select an authority"))
        if field.data not in {choice.value for choice in self.authority_id.choices}:
            raise ValidationError(_l("Select an authority taking part in this discovery"))

    def validate_organisation(self, field) -> None:
        if self.authority_id.data == ANOTHER_ORGANISATION and not field.data:
            raise ValidationError(_l("Enter the name of the organisation"))

    def chosen_authority_id(self) -> uuid.UUID | None:
        value = self.authority_id.data
        return uuid.UUID(value) if value and value != ANOTHER_ORGANISATION else None

    def chosen_organisation(self) -> str:
        """The organisation's name, kept only when "Another organisation" is chosen."""
        return (self.organisation.data or "") if self.authority_id.data == ANOTHER_ORGANISATION else ""


class ParticipantForm(ParticipantBasics, FlaskForm):
    age_band = RadioField(
        _l("Age band (optional)"),
        widget=GovRadioInput(),
        choices=choices_from(AGE_BANDS | NOT_RECORDED),
        invalid_choice_message=_l("Select from the options shown"),
    )
    digital_confidence = RadioField(
        _l("Digital confidence (optional)"),
        widget=GovRadioInput(),
        description=_l("How confident they are using the internet and online services"),
        choices=choices_from(DIGITAL_CONFIDENCE | NOT_RECORDED),
        invalid_choice_message=_l("Select from the options shown"),
    )
    preferred_language = RadioField(
        _l("Preferred language"),
        widget=GovRadioInput(),
        choices=choices_from(LANGUAGES),
        default="en",
        invalid_choice_message=_l("Select from the options shown"),
        validators=[Required(_l("Select their preferred language"))],
    )
    access_needs = TextAreaField(
        _l("Access needs (optional)"),
        widget=LocalisedCharacterCount(),
        filters=[strip_filter],
        description=_l(
            "For example, uses a hearing aid, needs large print or a British Sign Language interpreter"
        ),
        validators=[MaxLength(_l("Access needs"), 1000)],
    )
    notes = TextAreaField(
        _l("Notes about this participant (optional)"),
        widget=LocalisedCharacterCount(),
        filters=[strip_filter],
        description=_l(
            "Do not include their name, contact details or anything else that could identify them"
        ),
        validators=[MaxLength(_l("Notes about this participant"), 2000)],
    )
    consent_date = GovDateField(_l("Date consent was given"), description=_l("For example, 14 9 2026"))
    consent_scope = MultiCheckboxField(
        _l("What they consented to"),
        widget=GovCheckboxesInput(),
        choices=choices_from(CONSENT_SCOPES),
        description=_l("Select all that apply"),
    )
    retain_until = GovDateField(_l("Retention date"))
    version = VersionField()
    submit = SubmitField(_l("Save participant"), widget=GovSubmitInput())

    def __init__(self, *args, discovery: Discovery, participant=None, **kwargs) -> None:
        super().__init__(*args, obj=participant, **kwargs)
        self.set_up_basics(discovery, participant)
        if participant is not None and participant.organisation and not self.is_submitted():
            self.authority_id.data = ANOTHER_ORGANISATION
        for optional in (self.age_band, self.digital_confidence):
            if optional.data is None:
                optional.data = ""
        self.retain_until.description = _(
            "When their research data will be deleted. If you leave this blank, it will be "
            "%(period)s after the discovery ends (or after the date consent was given, until the "
            "discovery has an end date). Extend it only if your data-sharing agreement allows",
            period=retention.period_text(),
        )

    def validate_consent_date(self, field) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("Date consent was given must be today or in the past"))
        if not field.data and self.consent_scope.data:
            raise ValidationError(_l("Enter the date consent was given"))

    def validate_consent_scope(self, field) -> None:
        if self.consent_date.data and not field.data:
            raise ValidationError(_l("Select what they consented to"))

    def validate_retain_until(self, field) -> None:
        consent = self.consent_date.data
        if field.data and consent and field.data <= consent:
            raise ValidationError(_l("Retention date must be after the date consent was given"))
        unchanged = self._participant is not None and field.data == self._participant.retain_until
        if not field.data or unchanged:
            return
        if field.data < date.today():
            raise ValidationError(_l("Retention date must be today or in the future"))
        years = current_app.config["RETENTION_MAX_YEARS"]
        if field.data > _years_after(date.today(), years):
            raise ValidationError(
                _l("Retention date must be no more than %(years)s years from today", years=years)
            )

    def to_data(self) -> services.ParticipantData:
        return services.ParticipantData(
            pseudonym=self.pseudonym.data,
            segment=self.segment.data,
            authority_id=self.chosen_authority_id(),
            organisation=self.chosen_organisation(),
            age_band=self.age_band.data or None,
            digital_confidence=self.digital_confidence.data or None,
            preferred_language=self.preferred_language.data,
            access_needs=self.access_needs.data or "",
            notes=self.notes.data or "",
            consent_date=self.consent_date.data,
            consent_scope=list(self.consent_scope.data or []),
            retain_until=self.retain_until.data,
        )


class WithdrawConsentForm(FlaskForm):
    """Withdrawal erases data for good, so it needs a reason and an explicit confirmation."""

    reason = TextAreaField(
        _l("Reason for withdrawing consent"),
        widget=LocalisedCharacterCount(),
        filters=[strip_filter],
        description=_l(
            "For example, they asked by phone on 3 November. Do not include their name or contact details"
        ),
        validators=[
            Required(_l("Enter the reason for withdrawing consent")),
            MaxLength(_l("Reason for withdrawing consent"), 1000),
        ],
    )
    confirm = BooleanField(
        _l("I understand that their data will be erased and this cannot be undone"),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField(_l("Withdraw consent and erase their data"), widget=GovSubmitInput())

    def validate_confirm(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Confirm that you understand this cannot be undone"))


class IdentityForm(FlaskForm):
    real_name = StringField(
        _l("Real name"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[MaxLength(_l("Real name"), 200)],
    )
    contact_details = TextAreaField(
        _l("Contact details (optional)"),
        widget=LocalisedCharacterCount(),
        filters=[strip_filter],
        description=_l("For example, a phone number or email address to arrange a follow-up session"),
        validators=[MaxLength(_l("Contact details"), 1000)],
    )
    # The identity's version when the form was opened; 0 when there was none yet.
    version = VersionField()
    submit = SubmitField(_l("Save real name and contact details"), widget=GovSubmitInput())

    def validate_real_name(self, field) -> None:
        if not field.data and self.contact_details.data:
            raise ValidationError(_l("Enter their real name"))


class FilterForm(Form):
    """Filters on the participants list: a GET form, so it works without JavaScript and can be linked."""

    segment = SelectField(_l("Segment"), widget=GovSelect())
    authority = SelectField(_l("Authority"), widget=GovSelect())
    consent = SelectField(_l("Consent"), widget=GovSelect())
    retention = SelectField(_l("Retention"), widget=GovSelect())

    def __init__(self, formdata, *, discovery: Discovery) -> None:
        super().__init__(formdata)
        self.segment.choices = [SelectChoice("", _l("All segments")), *choices_from(SEGMENTS)]
        self.authority.choices = [
            SelectChoice("", _l("All authorities")),
            *choices_from({a.id: a.localised_name(_locale()) for a in discovery.authorities}),
        ]
        self.consent.choices = [
            SelectChoice("", _l("Any consent status")),
            *choices_from(CONSENT_STATUS_LABELS),
        ]
        self.retention.choices = [
            SelectChoice("", _l("Any retention date")),
            SelectChoice(
                RETENTION_ENDING,
                _l(
                    "Data deleted in the next %(days)s days", days=current_app.config["RETENTION_NOTICE_DAYS"]
                ),
            ),
        ]

    def retention_ending(self) -> bool:
        """True when the list should show only participants whose data will soon be deleted."""
        if self.retention.data == RETENTION_ENDING:
            return True
        self.retention.data = ""
        return False

    def filters(self) -> dict:
        """The filters chosen; an unknown or tampered value is ignored rather than shown as an error."""
        chosen = {}
        for name, key in (("segment", "segment"), ("authority", "authority_id"), ("consent", "status")):
            field = getattr(self, name)
            if field.data and field.data in {choice.value for choice in field.choices}:
                chosen[key] = uuid.UUID(field.data) if key == "authority_id" else field.data
            else:
                field.data = ""
        return chosen
