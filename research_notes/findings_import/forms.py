"""The review form for a spreadsheet of findings: the note the rows become, the personal data
to replace, and whether to create the tags the codebook lacks."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from discovery.core.form_fields import GovDateField, MultiCheckboxField, choices_from
from discovery.core.validators import MaxLength, Required, strip_filter
from discovery.core.vocab import LANGUAGES, METHODS
from research_notes.findings_import import services
from research_notes.notes.forms import TAMPERED, clean_text


class ReviewSpreadsheetForm(FlaskForm):
    """``create_tags`` is offered only when the file uses tags the codebook lacks and the person
    may manage the codebook; ``redact`` has one checkbox per item of personal data found."""

    title = StringField(
        _l("Title of the note"),
        widget=GovTextInput(),
        filters=[clean_text, strip_filter],
        description=_l(
            "The rows are kept together as one note, one turn for each row, "
            "so you can trace each finding back to its row"
        ),
        validators=[Required(_l("Enter a title")), MaxLength(_l("Title"), 200)],
    )
    held_on = GovDateField(_l("Date of the research (optional)"), description=_l("For example, 27 3 2026"))
    method = RadioField(
        _l("Method"),
        widget=GovRadioInput(),
        choices=choices_from(METHODS),
        default=services.DEFAULT_METHOD,
        validators=[Required(_l("Select a method"))],
        invalid_choice_message=TAMPERED,
    )
    language = RadioField(
        _l("Language of the findings"),
        widget=GovRadioInput(),
        choices=choices_from(LANGUAGES),
        default="en",
        validators=[Required(_l("Select the language of the findings"))],
        invalid_choice_message=TAMPERED,
    )
    create_tags = BooleanField(_l("Create the missing tags in the codebook"), widget=GovCheckboxInput())
    redact = MultiCheckboxField(_l("Personal data to replace"), widget=GovCheckboxesInput())
    submit = SubmitField(_l("Import findings"), widget=GovSubmitInput())

    def __init__(self, *args, personal_data=(), missing_tags=(), can_create_tags=False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.redact.choices = [
            SelectChoice(item.id, _l("Replace with [%(kind)s]", kind=item.kind)) for item in personal_data
        ]
        self.missing_tags = list(missing_tags)
        self.offers_tag_creation = bool(self.missing_tags) and can_create_tags

    def prefill(self, title: str) -> None:
        """A fresh review: the title from the file's name, every item of personal data ticked."""
        self.title.data = title[:200]
        self.redact.data = [str(choice[0]) for choice in self.redact.iter_choices()]

    def validate_held_on(self, field) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("Date of the research must be today or in the past"))

    def validate_create_tags(self, field) -> None:
        if self.offers_tag_creation and not field.data:
            raise ValidationError(
                _l(
                    "Select ‘Create the missing tags in the codebook’, "
                    "or correct the tags in the file and upload it again"
                )
            )

    def to_choices(self) -> services.ImportChoices:
        return services.ImportChoices(
            title=self.title.data,
            held_on=self.held_on.data,
            method=self.method.data,
            language=self.language.data,
            replace=set(self.redact.data or []),
            create_tags=self.offers_tag_creation and bool(self.create_tags.data),
        )
