"""Forms for the research plan: a question, a hypothesis or assumption, moving a question, and
every segment's sample target at once."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, ValidationError

from discovery.core.form_fields import LocalisedCharacterCount, StrictRadioField, VersionField, choices_from
from discovery.core.validators import MaxLength, Required, strip_filter
from discovery.core.vocab import HYPOTHESIS_KINDS, HYPOTHESIS_STATUSES, SEGMENTS
from discovery.plan import services

QUESTION_TAKEN = _l("This discovery already has this research question. Enter a different question")
HYPOTHESIS_TAKEN = _l("This discovery already has this hypothesis or assumption. Enter a different one")
WHOLE_NUMBER = re.compile(r"^\d{1,6}$")


class _Radios(StrictRadioField):
    """Radios whose missing or tampered value gets the field's own GOV.UK message."""

    def __init__(self, label, *, message, **kwargs) -> None:
        super().__init__(
            label, widget=GovRadioInput(), validators=[Required(message)], invalid_message=message, **kwargs
        )


class QuestionForm(FlaskForm):
    """Write or edit one research question; ``validate_text`` refuses one the discovery has."""

    version = VersionField()
    text = TextAreaField(
        _l("Research question"),
        widget=LocalisedCharacterCount(),
        filters=[strip_filter],
        description=_l("For example, ‘How do people find out what help the council can give?’"),
        validators=[
            Required(_l("Enter a research question")),
            MaxLength(_l("Research question"), services.TEXT_MAX),
        ],
    )
    submit = SubmitField(_l("Save research question"), widget=GovSubmitInput())

    def __init__(self, *args, discovery, question=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery
        self._editing = question

    def validate_text(self, field) -> None:
        if field.data and services.question_taken(self._discovery, field.data, self._editing):
            raise ValidationError(QUESTION_TAKEN)


class HypothesisForm(FlaskForm):
    """Write or edit one hypothesis or assumption, and say what the research has found."""

    version = VersionField()
    text = TextAreaField(
        _l("Hypothesis or assumption"),
        widget=LocalisedCharacterCount(),
        filters=[strip_filter],
        description=_l(
            "Write it so the research can show whether it is right, for example ‘Most people "
            "first ask for help by phone’"
        ),
        validators=[
            Required(_l("Enter a hypothesis or assumption")),
            MaxLength(_l("Hypothesis or assumption"), services.TEXT_MAX),
        ],
    )
    kind = _Radios(
        _l("Is this a hypothesis or an assumption?"),
        message=_l("Select whether this is a hypothesis or an assumption"),
        choices=choices_from(HYPOTHESIS_KINDS),
        default="hypothesis",
    )
    status = _Radios(
        _l("What has the research found?"),
        message=_l("Select what the research has found"),
        choices=choices_from(HYPOTHESIS_STATUSES),
        default="untested",
    )
    submit = SubmitField(_l("Save hypothesis or assumption"), widget=GovSubmitInput())

    def __init__(self, *args, discovery, hypothesis=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery
        self._editing = hypothesis

    def validate_text(self, field) -> None:
        if field.data and services.hypothesis_taken(self._discovery, field.data, self._editing):
            raise ValidationError(HYPOTHESIS_TAKEN)


class MoveForm(FlaskForm):
    """The "Move up" and "Move down" buttons beside a question: each posts its direction."""

    direction = HiddenField(validators=[AnyOf(("up", "down"))])


def _target(form, field) -> None:
    value = (field.data or "").strip()
    if value and (not WHOLE_NUMBER.match(value) or not 1 <= int(value) <= services.TARGET_MAX):
        # Named, because the error summary lists one line per box and each must say which.
        raise ValidationError(
            _("Enter a whole number between 1 and 200 for ‘%(segment)s’", segment=field.label.text)
        )


class TargetsForm(FlaskForm):
    """One whole-number box per segment; a blank box means no target for that segment.

    The fields are made from ``SEGMENTS`` below the class, so a new segment gets a box."""

    # The discovery's version when the form was opened: the targets are saved as one set.
    version = VersionField()

    def field_for(self, segment: str):
        return self[f"target_{segment}"]

    def segment_fields(self):
        return [self.field_for(segment) for segment in SEGMENTS]

    def fill(self, targets: dict[str, int]) -> None:
        for segment in SEGMENTS:
            target = targets.get(segment)
            self.field_for(segment).data = "" if target is None else str(target)

    def targets(self) -> dict[str, int | None]:
        """Segment -> target (``None`` for a blank box); call after validation."""
        values = {}
        for segment in SEGMENTS:
            value = (self.field_for(segment).data or "").strip()
            values[segment] = int(value) if value else None
        return values


for _segment, _label in SEGMENTS.items():
    setattr(
        TargetsForm,
        f"target_{_segment}",
        StringField(_label, widget=GovTextInput(), filters=[strip_filter], validators=[_target]),
    )
TargetsForm.submit = SubmitField(_l("Save sample targets"), widget=GovSubmitInput())
