"""Forms for writing, editing and importing research notes."""

from __future__ import annotations

from datetime import date

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import Form, FormField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from discovery.core.form_fields import GovDateField, MultiCheckboxField, VersionField, choices_from
from discovery.core.models import User
from discovery.core.validators import MaxLength, Required, strip_filter
from discovery.core.vocab import CHANNELS, LANGUAGES, METHODS, SEGMENTS
from research_notes.importers.encoding import clean_fragment
from research_notes.models import Participant
from research_notes.notes import services
from research_notes.participants.forms import ParticipantBasics
from research_notes.participants.services import ParticipantData

TAMPERED = _l("Select from the options shown")


def clean_text(value):
    """Line breaks as LF, no control characters (PostgreSQL refuses NUL), as imports are."""
    return clean_fragment(value) if isinstance(value, str) else value


class OptionalRadioField(RadioField):
    """Radios where choosing nothing is allowed (channel is not always recorded)."""

    def pre_validate(self, form) -> None:
        if self.data in (None, ""):
            self.data = None
            return
        if self.data not in {str(c[0]) for c in self.iter_choices()}:
            raise ValidationError(TAMPERED)


def speaker_label(participant: Participant) -> str:
    """How a participant is offered for a speaker: "P26 – Unpaid carer, Torfaen County Borough
    Council", so two people with similar pseudonyms cannot be confused."""
    details = [str(SEGMENTS[participant.segment])] if participant.segment in SEGMENTS else []
    where = participant.affiliation(str(get_locale() or "en"))
    if where:
        details.append(where)
    return f"{participant.pseudonym} – {', '.join(details)}" if details else participant.pseudonym


def participant_choices(participants) -> list[SelectChoice]:
    return [
        SelectChoice(str(p.id), f"{p.pseudonym} ({SEGMENTS.get(p.segment, p.segment)})") for p in participants
    ]


class NoteDetailsForm(FlaskForm):
    """The details every note has, whether typed in or imported."""

    title = StringField(
        _l("Title"),
        widget=GovTextInput(),
        filters=[clean_text, strip_filter],
        description=_l("For example, Interview with P07 about arranging respite care"),
        validators=[Required(_l("Enter a title")), MaxLength(_l("Title"), 200)],
    )
    held_on = GovDateField(
        _l("Date of the research"),
        description=_l("For example, 27 3 2026"),
        required_message=_l("Enter the date of the research"),
    )
    method = RadioField(
        _l("Method"),
        widget=GovRadioInput(),
        choices=choices_from(METHODS),
        default="interview",
        validators=[Required(_l("Select a method"))],
        invalid_choice_message=TAMPERED,
    )
    channel = OptionalRadioField(
        _l("Channel (optional)"),
        widget=GovRadioInput(),
        choices=choices_from(CHANNELS),
    )
    language = RadioField(
        _l("Language of the note"),
        widget=GovRadioInput(),
        choices=choices_from(LANGUAGES),
        default="en",
        validators=[Required(_l("Select the language of the note"))],
        invalid_choice_message=TAMPERED,
    )
    participants = MultiCheckboxField(
        _l("Participants"),
        widget=GovCheckboxesInput(),
        description=_l("Select everyone who took part"),
    )
    researcher = SelectField(
        _l("Researcher"),
        widget=GovSelect(),
        invalid_choice_message=TAMPERED,
    )

    def __init__(self, *args, discovery, current_user, note=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery
        self._current_user = current_user
        linked = note.participants if note is not None else ()
        self._participants = services.participants_for(discovery, keep=linked)
        self.participants.choices = participant_choices(self._participants)
        people = services.researchers_for(discovery, current_user)
        if note is not None and note.researcher is not None and note.researcher not in people:
            people.append(note.researcher)
        self._researchers = people
        self.researcher.choices = [SelectChoice("", _l("Not recorded"))] + [
            SelectChoice(str(u.id), u.display_name) for u in people
        ]
        if not self.is_submitted() and kwargs.get("formdata") is None:
            if note is not None:
                self.participants.data = [str(p.id) for p in note.participants]
                self.researcher.data = str(note.researcher_id) if note.researcher_id else ""
            else:
                self.researcher.data = str(current_user.id)

    def validate_held_on(self, field) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("Date of the research must be today or in the past"))

    def chosen_participants(self):
        wanted = set(self.participants.data or [])
        return [p for p in self._participants if str(p.id) in wanted]

    def chosen_researcher(self):
        return services.user_by_id(self.researcher.data)

    def details(self, body: str) -> services.NoteData:
        return services.NoteData(
            title=self.title.data,
            body=body,
            held_on=self.held_on.data,
            method=self.method.data,
            channel=self.channel.data or None,
            language=self.language.data,
            participants=self.chosen_participants(),
            researcher=self.chosen_researcher(),
        )


class NoteForm(NoteDetailsForm):
    body = TextAreaField(
        _l("Note"),
        widget=GovTextArea(),
        description=_l(
            "Write or paste your notes. To record who said what, start each turn with a line "
            "such as P07 (00:12:30):"
        ),
        filters=[clean_text],
        validators=[Required(_l("Enter the note"))],
    )
    version = VersionField()
    submit = SubmitField(_l("Save note"), widget=GovSubmitInput())

    def to_data(self) -> services.NoteData:
        return self.details(self.body.data or "")


class UploadTranscriptForm(FlaskForm):
    file = FileField(
        _l("Upload a file"),
        widget=GovFileInput(),
        validators=[FileRequired(_l("Select a file"))],
    )
    submit = SubmitField(_l("Upload and check"), widget=GovSubmitInput())


class NewParticipantFields(ParticipantBasics, Form):
    """ "Add a participant" on the import review: who they are and which speaker they are.

    Part of the review form, so one page holds everything, but checked only when the
    researcher presses "Add participant" (``checking``): saving the note ignores it.
    """

    for_speaker = SelectField(_l("Which speaker are they?"), widget=GovSelect(), validate_choice=False)

    checking = False

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) if self.checking else True

    def validate_for_speaker(self, field) -> None:
        offered = {str(choice.value) for choice in field.choices}
        if not offered:
            field.data = None
        elif not field.data:
            raise ValidationError(_l("Select which speaker they are"))
        elif field.data not in offered:
            raise ValidationError(TAMPERED)

    def to_data(self) -> ParticipantData:
        return ParticipantData(
            pseudonym=self.pseudonym.data,
            segment=self.segment.data,
            authority_id=self.chosen_authority_id(),
            organisation=self.chosen_organisation(),
        )


class ReviewImportForm(NoteDetailsForm):
    """The import review screen. One ``speaker_N`` select per speaker is added by
    :func:`review_form`, since each file has its own speakers."""

    redact = MultiCheckboxField(_l("Personal data to replace"), widget=GovCheckboxesInput())
    new_participant = FormField(NewParticipantFields)
    submit = SubmitField(_l("Save note"), widget=GovSubmitInput())

    speaker_labels: tuple[str, ...] = ()
    _team: list[User]

    def speaker_fields(self):
        return [(label, self[f"speaker_{i}"]) for i, label in enumerate(self.speaker_labels)]

    def prefill(self, parsed, filename: str) -> None:
        """First guesses for a fresh review: who each speaker is, every item of personal data
        ticked, the mapped participants ticked, the first team member speaking as the note's
        researcher, and a title without speakers' names."""
        guesses = services.default_speaker_choices(
            self.speaker_labels, self._participants, self._team, self._current_user
        )
        for label, field in self.speaker_fields():
            field.data = guesses[label]
        self.redact.data = [str(choice[0]) for choice in self.redact.iter_choices()]
        chosen = self.speaker_choices()
        self.participants.data = sorted({str(p.id) for p in chosen.values() if isinstance(p, Participant)})
        speaking = [u for u in chosen.values() if isinstance(u, User)]
        if speaking:
            self.researcher.data = str(speaking[0].id)
        suggestion = parsed.title_suggestion or services.title_from_filename(filename)
        self.title.data = services.replace_speaker_names(suggestion, services.speaker_codes(chosen))[:200]

    def offer_new_participant(self, pseudonym: str) -> None:
        """Defaults for "Add a participant": the next pseudonym, for the first speaker not yet
        matched to anyone."""
        fields = self.new_participant.form
        fields.pseudonym.data = pseudonym
        unmatched = [str(i) for i, (_label, field) in enumerate(self.speaker_fields()) if not field.data]
        fields.for_speaker.data = unmatched[0] if unmatched else None

    def check_new_participant(self) -> bool:
        """Check only "Add a participant" (the rest of the review is kept as it was typed)."""
        fields = self.new_participant.form
        fields.checking = True
        return fields.validate()

    def review_values(self, participant: Participant | None = None) -> dict[str, list[str]]:
        """What was entered on the review, as posted, to show it again after adding
        ``participant`` (who is chosen for their speaker and ticked)."""
        skipped = {"csrf_token", "submit", "new_participant"}
        values = {
            name: list(field.raw_data or []) for name, field in self._fields.items() if name not in skipped
        }
        if participant is not None:
            chosen = self.new_participant.form.for_speaker.data
            if chosen is not None:
                values[f"speaker_{chosen}"] = [str(participant.id)]
            values["participants"] = sorted({*values.get("participants", []), str(participant.id)})
        return values

    def participants_without_consent(self) -> list[Participant]:
        """Participants chosen for a speaker or ticked whose consent is not recorded yet."""
        chosen = {p.id: p for p in self.speaker_choices().values() if isinstance(p, Participant)}
        chosen |= {p.id: p for p in self.chosen_participants()}
        return sorted((p for p in chosen.values() if p.consent_date is None), key=lambda p: p.pseudonym)

    def to_choices(self) -> services.ImportChoices:
        return services.ImportChoices(
            speakers=self.speaker_choices(),
            replace=set(self.redact.data or []),
            title=self.title.data,
            held_on=self.held_on.data,
            method=self.method.data,
            channel=self.channel.data or None,
            language=self.language.data,
            participants=self.chosen_participants(),
            researcher=self.chosen_researcher(),
        )

    def speaker_choices(self) -> dict:
        """Speaker label → Participant, team member (User), "researcher" or "keep", as chosen."""
        by_value = {str(p.id): p for p in self._participants}
        by_value |= {services.team_choice(u): u for u in self._team}
        chosen = {}
        for label, field in self.speaker_fields():
            value = field.data
            chosen[label] = by_value.get(value, value)
        return chosen


def review_form(speakers, personal_data, *args, **kwargs) -> ReviewImportForm:
    """Build the review form for one file's speakers and personal data.

    The speakers can be any of the participants or team members the form offers (it queries
    them once), so their choices are filled in once the form exists. Pass
    ``formdata=MultiDict(values)`` to show a review as it was left (see ``review_values``).
    """

    class Form(ReviewImportForm):
        pass

    Form.speaker_labels = tuple(speakers)
    for index, label in enumerate(speakers):
        setattr(
            Form,
            f"speaker_{index}",
            SelectField(
                _l("Who is %(name)s?", name=label),
                widget=GovSelect(),
                choices=[],
                validators=[Required(_l("Select who %(name)s is", name=label))],
                invalid_choice_message=TAMPERED,
            ),
        )
    form = Form(*args, **kwargs)
    form._team = services.speaking_team(form._discovery)
    speaker_choices = (
        [SelectChoice("", _l("Choose who this is"))]
        + [SelectChoice(str(p.id), speaker_label(p)) for p in form._participants]
        + [
            SelectChoice(services.team_choice(u), _l("Team member: %(name)s", name=u.display_name))
            for u in form._team
        ]
        + [
            SelectChoice(services.RESEARCHER_CHOICE, _l("An interviewer who is not in the team")),
            SelectChoice(services.KEEP, _l("Someone else (keep the name)")),
        ]
    )
    for _label, field in form.speaker_fields():
        field.choices = speaker_choices
    fields = form.new_participant.form
    fields.set_up_basics(form._discovery)
    fields.for_speaker.choices = [SelectChoice(str(i), label) for i, label in enumerate(speakers)]
    form.redact.choices = [
        SelectChoice(item.id, _l("Replace with [%(kind)s]", kind=item.kind))
        for item in personal_data
        if not item.speaker_name
    ]
    return form


class NoteFilterForm(FlaskForm):
    """Filters on the list of notes, read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    participant = SelectField(_l("Participant"), widget=GovSelect(), validate_choice=False)
    method = SelectField(_l("Method"), widget=GovSelect(), validate_choice=False)

    def __init__(self, *args, participants, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.participant.choices = [SelectChoice("", _l("Any participant"))] + [
            SelectChoice(str(p.id), p.pseudonym) for p in participants
        ]
        self.method.choices = [SelectChoice("", _l("Any method")), *choices_from(METHODS)]

    def chosen(self, field) -> str | None:
        """The chosen value, or None when it is blank or not one of the choices (a tampered URL)."""
        values = {str(c[0]) for c in field.iter_choices()}
        return field.data if field.data and field.data in values else None
