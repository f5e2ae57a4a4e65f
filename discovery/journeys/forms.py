"""Forms for journey maps: a map, a stage, a lane entry, citing findings."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional, ValidationError

from discovery.core.form_fields import (
    LocalisedCharacterCount,
    MultiCheckboxField,
    StrictRadioField,
    VersionField,
    choices_from,
)
from discovery.core.validators import MaxLength, Required, strip_filter
from discovery.core.vocab import (
    EMOTIONS,
    ENTRY_BASES,
    JOURNEY_LANES,
    JOURNEY_STAGES,
    JOURNEY_STATES,
    SEGMENTS,
    TOUCHPOINT_CHANNELS,
)
from discovery.journeys import services


def title_taken_message(title: str) -> str:
    return str(_l("A journey map called ‘%(title)s’ already exists. Enter a different title", title=title))


def stage_taken_message(name: str) -> str:
    return str(_l("This map already has a stage called ‘%(name)s’. Enter a different name", name=name))


EMOTION_RANGE = _l("Select how the person feels, from very negative (−2) to very positive (+2)")
EMOTION_NOT_HERE = _l(
    "Only thoughts and feelings have an emotion score. Select ‘No score’, or select the "
    "‘Thoughts and feelings’ lane"
)
CHANNEL_NOT_HERE = _l(
    "Only touchpoints have a channel. Select ‘Not a touchpoint’, or select the "
    "‘Touchpoints and channels’ lane"
)


def emotion_label(score: int) -> str:
    sign = "+" if score > 0 else ("−" if score < 0 else "")
    return f"{sign}{abs(score)} {EMOTIONS[score]}"


# Worded when a form is drawn, in the reader's language ("−2 Very negative", "−2 Negyddol iawn").
EMOTION_CHOICES = {str(score): LazyString(emotion_label, score) for score in sorted(EMOTIONS)}


class MapForm(FlaskForm):
    version = VersionField()
    title = StringField(
        _l("Title"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l("For example, Getting help at home after a hospital stay"),
        validators=[Required(_l("Enter a title")), MaxLength(_l("Title"), services.TITLE_MAX)],
    )
    scenario = StringField(
        _l("Whose journey is it? (optional)"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l("For example, Unpaid carer seeking support for a parent"),
        validators=[MaxLength(_l("Whose journey"), services.SCENARIO_MAX)],
    )
    state = RadioField(
        _l("Is this the journey today, or how it should work?"),
        widget=GovRadioInput(),
        choices=choices_from(JOURNEY_STATES),
        default="as_is",
        validators=[Required(_l("Select as-is or to-be"))],
    )
    segment = RadioField(
        _l("Participant segment (optional)"),
        widget=GovRadioInput(),
        choices=choices_from({"": _l("No one segment"), **SEGMENTS}),
        default="",
        validators=[Optional()],
    )
    authority = RadioField(
        _l("Authority (optional)"),
        widget=GovRadioInput(),
        description=_l("Choose one council when the map shows only its service"),
        default="",
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save journey map"), widget=GovSubmitInput())

    def __init__(self, *args, discovery, journey_map=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery
        self._editing = journey_map
        self.authority.choices = choices_from(
            {
                "": _l("Every authority in this discovery"),
                **{str(a.id): a.name for a in discovery.authorities},
            }
        )

    def validate_title(self, field) -> None:
        if field.data and services.title_taken(self._discovery, field.data, self._editing):
            raise ValidationError(title_taken_message(field.data))


class StageForm(FlaskForm):
    version = VersionField()  # the map's version
    name = StringField(
        _l("Stage name"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l("For example, Contacting the council"),
        validators=[Required(_l("Enter a stage name")), MaxLength(_l("Stage name"), services.STAGE_MAX)],
    )
    stage_key = RadioField(
        _l("Which shared journey stage does it cover? (optional)"),
        widget=GovRadioInput(),
        description=_l(
            "Findings tagged with that stage are then suggested as evidence for this stage. "
            "They count only once an entry cites them."
        ),
        choices=choices_from({"": _l("None of these"), **JOURNEY_STAGES}),
        default="",
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save stage"), widget=GovSubmitInput())

    def __init__(self, *args, journey_map, stage=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._map = journey_map
        self._editing = stage

    def validate_name(self, field) -> None:
        if field.data and services.stage_name_taken(self._map, field.data, self._editing):
            raise ValidationError(stage_taken_message(field.data))


class EntryForm(FlaskForm):
    version = VersionField()
    lane = StrictRadioField(
        _l("Lane"),
        widget=GovRadioInput(),
        choices=choices_from(JOURNEY_LANES),
        validators=[Required(_l("Select a lane"))],
    )
    text = TextAreaField(
        _l("What goes in this lane"),
        widget=LocalisedCharacterCount(),
        filters=[strip_filter],
        description=_l(
            "What the person does, says, thinks or meets, or what the council does behind the scenes"
        ),
        validators=[
            Required(_l("Enter what goes in this lane")),
            MaxLength(_l("The entry"), services.ENTRY_MAX),
        ],
    )
    channel = SelectField(
        _l("Channel (touchpoints only)"),
        widget=GovSelect(),
        choices=choices_from({"": _l("Not a touchpoint"), **TOUCHPOINT_CHANNELS}),
        default="",
        validators=[Optional()],
    )
    emotion = StrictRadioField(
        _l("How does the person feel? (thoughts and feelings only)"),
        widget=GovRadioInput(),
        choices=choices_from({"": _l("No score"), **EMOTION_CHOICES}),
        default="",
        invalid_message=EMOTION_RANGE,
    )
    basis = RadioField(
        _l("Is this evidenced or assumed?"),
        widget=GovRadioInput(),
        description=_l(
            "Evidenced: research shows it (cite the findings). Assumed: the squad thinks so, to be tested"
        ),
        choices=choices_from(ENTRY_BASES),
        default="assumed",
        validators=[Required(_l("Select evidenced or assumed"))],
    )
    submit = SubmitField(_l("Save entry"), widget=GovSubmitInput())

    def validate_channel(self, field) -> None:
        if field.data and field.data not in TOUCHPOINT_CHANNELS:
            raise ValidationError(_l("Select a channel from the list"))
        if field.data and self.lane.data in JOURNEY_LANES and self.lane.data != "touchpoints":
            raise ValidationError(CHANNEL_NOT_HERE)

    def validate_emotion(self, field) -> None:
        if self.lane.data == "thoughts" and not field.data:
            raise ValidationError(EMOTION_RANGE)
        if field.data and self.lane.data in JOURNEY_LANES and self.lane.data != "thoughts":
            raise ValidationError(EMOTION_NOT_HERE)

    def to_data(self) -> services.EntryData:
        return services.EntryData(
            lane=self.lane.data,
            text=self.text.data,
            emotion=int(self.emotion.data) if self.emotion.data else None,
            channel=self.channel.data or None,
            basis=self.basis.data,
        )


class CiteFindingsForm(FlaskForm):
    version = VersionField()
    finding = MultiCheckboxField(_l("Findings this entry cites"), widget=GovCheckboxesInput())
    submit = SubmitField(_l("Save cited findings"), widget=GovSubmitInput())

    def __init__(self, *args, finding_ids=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.finding.choices = choices_from({str(i): str(i) for i in finding_ids})


class CheckedForm(FlaskForm):
    """ "This entry still holds": clears the flag a withdrawal left on it."""

    version = VersionField()
    submit = SubmitField(_l("It still holds"), widget=GovSubmitInput())
