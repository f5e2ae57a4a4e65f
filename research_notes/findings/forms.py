"""Forms for filtering, highlighting and editing findings."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from markupsafe import Markup
from wtforms import FloatField, HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError

from discovery.core.form_fields import (
    GovCheckboxGroupsInput,
    LocalisedCharacterCount,
    MultiCheckboxField,
    StrictSelectField,
    VersionField,
    choices_from,
)
from discovery.core.validators import MaxLength, Required, strip_filter
from discovery.core.vocab import FINDING_KINDS, JOURNEY_STAGES, SEGMENTS
from research_notes.findings import coding
from research_notes.findings import services as findings_services
from research_notes.tags.labels import ancestors, tag_name_html, tag_names_html, tag_path_html
from research_notes.tags.services import ordered_tags


def tag_choices(tags) -> dict[str, Markup]:
    """Tags in codebook order, each labelled with its full path (‘Barriers › Cost’) in the
    page's language, as HTML: a name that falls back to English on a Welsh page is wrapped in
    ``<span lang="en">`` inside the checkbox label."""
    return {str(tag.id): tag_path_html(tag, " › ") for tag, _path in ordered_tags(list(tags))}


def tag_groups(tags) -> list[tuple[str | None, list[tuple[str, Markup]]]]:
    """Tags under their top-level tag, for GovCheckboxGroupsInput, in codebook order.

    A top-level tag heads a group of itself and everything beneath it, each labelled with its
    path below the top (‘Cost › Rent’). Top-level tags with nothing beneath them stay
    together, ungrouped, so a flat codebook is a plain list of checkboxes. Names are in the
    page's language, marked as in :func:`tag_choices`.
    """
    groups: list[tuple[str | None, list[tuple[str, Markup]]]] = []
    ordered = ordered_tags(list(tags))
    has_children = {tag.parent_id for tag, _ in ordered}
    for tag, path in ordered:
        name = tag_name_html(tag)
        if path:
            groups[-1][1].append((str(tag.id), tag_names_html(ancestors(tag)[1:], " › ")))
        elif tag.id in has_children:
            groups.append((name, [(str(tag.id), name)]))
        elif groups and groups[-1][0] is None:
            groups[-1][1].append((str(tag.id), name))
        else:
            groups.append((None, [(str(tag.id), name)]))
    return groups


def without_nul(value):
    """NUL characters are not text anyone typed, and no database will store or search them."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class FindingFilterForm(FlaskForm):
    """The filter panel on the findings page: a GET form, so results can be bookmarked."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Search findings and notes"), widget=GovTextInput(), filters=[without_nul, strip_filter]
    )
    tag = MultiCheckboxField(_l("Tags"), widget=GovCheckboxGroupsInput())
    kind = MultiCheckboxField(_l("Kind"), widget=GovCheckboxesInput(), choices=choices_from(FINDING_KINDS))
    segment = MultiCheckboxField(
        _l("Participant segment"), widget=GovCheckboxesInput(), choices=choices_from(SEGMENTS)
    )
    authority = MultiCheckboxField(_l("Authority"), widget=GovCheckboxesInput())
    stage = MultiCheckboxField(
        _l("Journey stage"), widget=GovCheckboxesInput(), choices=choices_from(JOURNEY_STAGES)
    )
    note = HiddenField()
    submit = SubmitField(_l("Apply filters"), widget=GovSubmitInput())

    def __init__(self, *args, tags=(), authorities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tag.choices = choices_from(tag_choices(tags))
        self.tag.groups = tag_groups(tags)
        self.authority.choices = choices_from({a.id: a.name for a in authorities})


class _FindingDetails(FlaskForm):
    kind = RadioField(
        _l("Kind of finding"),
        widget=GovRadioInput(),
        choices=choices_from(FINDING_KINDS),
        default="quote",
        validators=[Required(_l("Select the kind of finding"))],
    )
    tags = MultiCheckboxField(
        _l("Tags"), widget=GovCheckboxesInput(), description=_l("Select all that apply")
    )
    journey_stage = RadioField(
        _l("Journey stage (optional)"),
        widget=GovRadioInput(),
        choices=choices_from({"": _l("Not linked to a stage"), **JOURNEY_STAGES}),
        default="",
        validators=[Optional()],
    )
    comment = TextAreaField(
        _l("Comment (optional)"),
        widget=LocalisedCharacterCount(),
        filters=[strip_filter],
        description=_l("Why this matters, or context a colleague would need"),
        validators=[MaxLength(_l("Comment"), 1000)],
    )

    def __init__(self, *args, tags=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tags.choices = choices_from(tag_choices(tags))


class HighlightForm(_FindingDetails):
    """Save a highlight: character offsets from a text selection, a turn (or some of its
    sentences) chosen without JavaScript, or whole turns ticked.

    Every span must lie inside one turn, so a finding always has one speaker, and must not be
    exactly a finding already saved.
    """

    start = HiddenField()
    end = HiddenField()
    turn = HiddenField()
    utterances = MultiCheckboxField(_l("Utterances"))
    sentences = MultiCheckboxField(
        _l("Which sentences"),
        widget=GovCheckboxesInput(),
        description=_l(
            "Leave them all unticked to save the whole turn. Ticking two saves them and everything between"
        ),
    )
    journey_stage = StrictSelectField(
        _l("Journey stage (optional)"),
        widget=GovSelect(),
        choices=choices_from({"": _l("Not linked to a stage"), **JOURNEY_STAGES}),
        default="",
        invalid_message=_l("Select a journey stage from the list"),
    )
    tag_name = StringField(
        _l("Find or add a tag"),
        widget=GovTextInput(),
        filters=[without_nul, strip_filter],
        validators=[MaxLength(_l("Tag name"), 200)],
    )
    submit = SubmitField(_l("Save finding"), widget=GovSubmitInput())

    def __init__(
        self, *args, note=None, findings=(), discovery=None, may_create_tags=False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self._note = note
        self._findings = list(findings)
        self._discovery = discovery
        self._may_create_tags = may_create_tags
        self.utterances.choices = choices_from(
            {str(u.id): u.text[:40] for u in (note.utterances if note else [])}
        )
        self.coding_turn = self._turn_from(self.turn.data)
        self.turn_sentences = coding.turn_sentences(self.coding_turn) if self.coding_turn else []
        self.sentences.choices = [SelectChoice(str(s.number), s.text) for s in self.turn_sentences]
        self.spans: list[tuple[int, int]] = []
        self.typed_tag = None

    def _turn_from(self, value):
        try:
            position = int(str(value or "").strip())
        except ValueError:
            return None
        turns = self._note.utterances if self._note else []
        return next((u for u in turns if u.position == position), None)

    def validate_utterances(self, field) -> None:
        note = self._note
        start, end = (self.start.data or "").strip(), (self.end.data or "").strip()
        if start or end:
            try:
                span = (int(start), int(end))
            except ValueError as exc:
                raise ValidationError(_l("Select the words you want to save as a finding")) from exc
            if not (0 <= span[0] < span[1] <= len(note.body)) or not note.body[span[0] : span[1]].strip():
                raise ValidationError(_l("Select the words you want to save as a finding"))
            self.spans = [findings_services.trimmed_span(note.body, span)]
        elif self.coding_turn is not None:
            self.spans = [self._turn_span()]
        else:
            chosen = set(field.data or [])
            self.spans = [(u.char_start, u.char_end) for u in note.utterances if str(u.id) in chosen]
        if not self.spans:
            raise ValidationError(_l("Select the words you want to save as a finding"))
        for span in self.spans:
            self._check_span(span)

    def _turn_span(self) -> tuple[int, int]:
        turn = self.coding_turn
        chosen = {int(n) for n in (self.sentences.data or []) if str(n).isdigit()}
        picked = [s for s in self.turn_sentences if s.number in chosen]
        if not picked:
            return (turn.char_start, turn.char_end)
        return (picked[0].start, picked[-1].end)

    def _check_span(self, span: tuple[int, int]) -> None:
        start, end = span
        turn = next((u for u in self._note.utterances if u.char_start <= start < u.char_end), None)
        if turn is not None and end > turn.char_end:
            raise ValidationError(
                _l("Select words from one turn at a time. A finding is what one person said")
            )
        for number, finding in enumerate(self._findings, start=1):
            if (finding.start_offset, finding.end_offset) == span:
                raise ValidationError(
                    _l(
                        "These words are already saved as finding %(num)d. Open it from the list to "
                        "change its tags",
                        num=number,
                    )
                )

    def validate_tag_name(self, field) -> None:
        if not field.data or self._discovery is None:
            return
        try:
            self.typed_tag = coding.typed_tag(self._discovery, field.data, may_create=self._may_create_tags)
        except coding.TypedTagError as error:
            raise ValidationError(_(error.message, **error.params)) from error

    @property
    def focus_position(self) -> int | None:
        """The turn to come back to after saving: where the researcher was working."""
        if self.spans:
            start = self.spans[0][0]
            turn = next((u for u in self._note.utterances if u.char_start <= start < u.char_end), None)
            return turn.position if turn else None
        return self.coding_turn.position if self.coding_turn else None


class FindingForm(_FindingDetails):
    version = VersionField()
    submit = SubmitField(_l("Save changes"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.is_submitted() and not self.version.raw_data:
            self.version.data = None  # not posted: never the finding's own version, read from ``obj``


class AcceptSuggestionForm(FlaskForm):
    """The one-click "add this suggested tag" button on a finding."""

    tag = HiddenField()
    confidence = FloatField(validators=[NumberRange(0.0, 1.0)])


class DeleteFindingForm(FlaskForm):
    submit = SubmitField(_l("Delete finding"), widget=GovSubmitInput())


class BulkTagForm(FlaskForm):
    """Tick findings on the list, then add or remove tags on all of them at once."""

    finding = MultiCheckboxField(_l("Findings"))
    add_tag = MultiCheckboxField(_l("Add tags"), widget=GovCheckboxesInput())
    remove_tag = MultiCheckboxField(_l("Remove tags"), widget=GovCheckboxesInput())
    next = HiddenField()
    submit = SubmitField(_l("Apply to selected findings"), widget=GovSubmitInput())

    def __init__(self, *args, tags=(), finding_ids=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = choices_from(tag_choices(tags))
        self.add_tag.choices = choices
        self.remove_tag.choices = list(choices)
        self.finding.choices = choices_from({str(i): str(i) for i in finding_ids})

    def validate_finding(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Select the findings you want to tag"))

    def validate_add_tag(self, field) -> None:
        if not field.data and not self.remove_tag.data:
            raise ValidationError(_l("Select a tag to add or remove"))
        if set(field.data or []) & set(self.remove_tag.data or []):
            raise ValidationError(_l("A tag cannot be added and removed at the same time"))
