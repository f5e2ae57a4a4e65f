"""Forms for theme runs and the squad's review. Every change carries the theme's version."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional, ValidationError

from discovery.core.form_fields import LocalisedCharacterCount, MultiCheckboxField, VersionField, choices_from
from discovery.core.validators import MaxLength, Required, strip_filter
from discovery.core.vocab import FINDING_KINDS, GRANULARITIES, JOURNEY_STAGES, SEGMENTS
from discovery.i18n import squad_choices
from discovery.themes import reader
from discovery.themes.review import LABEL_MAX, MAX_SPLIT

LABEL_TAKEN = _l("A theme with this name already exists. Enter a different name")


class RunForm(FlaskForm):
    """Suggest themes: how broad, whether to start from the codebook, and which findings."""

    granularity = RadioField(
        _l("How many themes?"),
        widget=GovRadioInput(),
        choices=choices_from(GRANULARITIES),
        default="default",
        validators=[Required(_l("Select how many themes you want"))],
    )
    from_tags = BooleanField(
        _l("Start from our tags"),
        description=_l(
            "Findings stay grouped under their top-level tag; "
            "untagged findings join those groups or new themes"
        ),
    )
    tag = MultiCheckboxField(_l("Tags"), widget=GovCheckboxesInput())
    kind = MultiCheckboxField(_l("Kind"), widget=GovCheckboxesInput(), choices=choices_from(FINDING_KINDS))
    segment = MultiCheckboxField(
        _l("Participant segment"), widget=GovCheckboxesInput(), choices=choices_from(SEGMENTS)
    )
    authority = MultiCheckboxField(_l("Authority"), widget=GovCheckboxesInput())
    stage = MultiCheckboxField(
        _l("Journey stage"), widget=GovCheckboxesInput(), choices=choices_from(JOURNEY_STAGES)
    )
    note = MultiCheckboxField(_l("Notes"), widget=GovCheckboxesInput())
    submit = SubmitField(_l("Suggest themes"), widget=GovSubmitInput())

    def __init__(self, *args, tag_choices=None, authorities=(), notes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tag.choices = choices_from(tag_choices or {})
        self.authority.choices = choices_from({str(a.id): a.name for a in authorities})
        self.note.choices = choices_from({str(n.id): n.title for n in notes})


class EmbedderForm(FlaskForm):
    """How the app reads the meaning of findings: changing it reads every finding again."""

    embedder = RadioField(
        _l("How should findings be read?"),
        widget=GovRadioInput(),
        validators=[Required(_l("Select how findings should be read"))],
    )
    submit = SubmitField(_l("Change how findings are read"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.embedder.choices = choices_from(reader.available())


class ThemeActionForm(FlaskForm):
    """A button that changes one theme (accept, reject, mark reviewed), at the version shown."""

    version = VersionField()
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class RenameForm(FlaskForm):
    version = VersionField()
    label = StringField(
        _l("Theme name"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[Required(_l("Enter a name for the theme")), MaxLength(_l("Theme name"), LABEL_MAX)],
    )
    description = TextAreaField(
        _l("Description (optional)"),
        widget=LocalisedCharacterCount(),
        filters=[strip_filter],
        description=_l("One line a colleague can read to know what the theme is about"),
        validators=[MaxLength(_l("Description"), 300)],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class MergeForm(FlaskForm):
    version = VersionField()
    sources = MultiCheckboxField(
        _l("Which themes should be merged into this one?"),
        widget=GovCheckboxesInput(),
        validators=[Required(_l("Select at least one theme to merge into this one"))],
    )
    submit = SubmitField(_l("Merge themes"), widget=GovSubmitInput())

    def __init__(self, *args, themes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sources.choices = choices_from(squad_choices(themes, lambda t: t.label))


class SplitForm(FlaskForm):
    version = VersionField()
    parts = IntegerField(
        _l("How many themes should it be split into?"),
        widget=GovTextInput(),
        validators=[
            Required(_l("Enter how many themes to split it into")),
            NumberRange(2, MAX_SPLIT, _l("Enter a number from 2 to %(max)d", max=MAX_SPLIT)),
        ],
    )
    preview = SubmitField(_l("Preview the split"), widget=GovSubmitInput())
    apply = SubmitField(_l("Split the theme"), widget=GovSubmitInput())


class FindingsForm(FlaskForm):
    """Act on findings ticked on a theme's page or in the unclustered bucket."""

    version = VersionField()
    finding = MultiCheckboxField(_l("Findings"))
    target = SelectField(_l("Move to"), widget=GovSelect(), validators=[Optional()])
    new_label = StringField(
        _l("Or start a new theme called"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[MaxLength(_l("Theme name"), LABEL_MAX)],
    )
    move = SubmitField(_l("Move findings"), widget=GovSubmitInput())
    remove = SubmitField(_l("Remove from this theme"), widget=GovSubmitInput())

    def __init__(self, *args, finding_ids=(), themes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.finding.choices = choices_from({str(i): str(i) for i in finding_ids})
        self.target.choices = choices_from(
            {"": _l("Choose a theme"), **squad_choices(themes, lambda t: t.label)}
        )

    def validate_finding(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Select at least one finding"))

    def validate_new_label(self, field) -> None:
        if self.move.data and not (self.target.data or field.data):
            raise ValidationError(
                _l("Choose a theme to move the findings to, or enter a name for a new theme")
            )
        if self.move.data and self.target.data and field.data:
            raise ValidationError(_l("Choose a theme or enter a new name, not both"))


class AdditionsForm(FlaskForm):
    version = VersionField()
    finding = MultiCheckboxField(_l("Suggested additions"))
    accept = SubmitField(_l("Add to this theme"), widget=GovSubmitInput())
    decline = SubmitField(_l("Decline"), widget=GovSubmitInput())

    def __init__(self, *args, finding_ids=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.finding.choices = choices_from({str(i): str(i) for i in finding_ids})

    def validate_finding(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Select at least one suggested addition"))
