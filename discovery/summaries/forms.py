"""Forms for the summary: the narrative sections in two languages, publishing, and exporting."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovSelect, GovSubmitInput
from wtforms import SubmitField, TextAreaField

from discovery.core.form_fields import (
    LocalisedCharacterCount,
    MultiCheckboxField,
    StrictRadioField,
    StrictSelectField,
    VersionField,
    choices_from,
)
from discovery.core.validators import MaxLength, Required
from discovery.summaries import services, tasks

SECTION_LABELS = {
    "key_messages": _l("Key messages"),
    "recommendations": _l("Recommendations"),
    "next_steps": _l("Next steps"),
}
SECTION_HINTS = {
    "key_messages": _l("What a council lead should take away, in three to five short points"),
    "recommendations": _l("What the squad recommends the councils do, and why"),
    "next_steps": _l("What happens next: the next phase, decisions needed, who does what"),
}
LANGUAGE_LABELS = {"en": _l("English"), "cy": _l("Welsh")}
SECTION_TOO_LONG = {
    (section, lang): MaxLength(
        _l("%(section)s (%(language)s)", section=label, language=LANGUAGE_LABELS[lang]),
        services.NARRATIVE_MAX,
    )
    for section, label in SECTION_LABELS.items()
    for lang in ("en", "cy")
}


def _section(section: str, lang: str) -> TextAreaField:
    return TextAreaField(
        _l("%(section)s in %(language)s", section=SECTION_LABELS[section], language=LANGUAGE_LABELS[lang]),
        widget=LocalisedCharacterCount(),
        description=SECTION_HINTS[section],
        validators=[SECTION_TOO_LONG[(section, lang)]],
    )


class NarrativeForm(FlaskForm):
    """The squad's own words: each section in English and in Welsh, any of them may be empty.

    Text is kept as typed; pasted HTML or Markdown is read into plain paragraphs and lists when
    the summary is shown (``narrative.blocks``), never passed through as markup.
    """

    version = VersionField()
    key_messages = _section("key_messages", "en")
    key_messages_cy = _section("key_messages", "cy")
    recommendations = _section("recommendations", "en")
    recommendations_cy = _section("recommendations", "cy")
    next_steps = _section("next_steps", "en")
    next_steps_cy = _section("next_steps", "cy")
    submit = SubmitField(_l("Save narrative"), widget=GovSubmitInput())

    def values(self) -> dict[str, str]:
        return {
            services.field_name(section, lang): getattr(self, services.field_name(section, lang)).data or ""
            for section in SECTION_LABELS
            for lang in ("en", "cy")
        }


class PublishForm(FlaskForm):
    submit = SubmitField(_l("Publish this version"), widget=GovSubmitInput())


class ExportForm(FlaskForm):
    """Which summary to export (a version, or the draft for the squad), for whom, in what format."""

    file_format = StrictRadioField(
        _l("Format"),
        widget=GovRadioInput(),
        choices=choices_from(
            {
                "pdf": _l("PDF, for printing or a board paper"),
                "docx": _l("Word (.docx), to edit or paste into a report"),
                "md": _l("Markdown, for a wiki or a repository"),
                "html": _l("Web page (HTML) that works offline"),
            }
        ),
        validators=[Required(_l("Select a format"))],
        invalid_message=_l("Select a format"),
    )
    lang = StrictRadioField(
        _l("Language"),
        widget=GovRadioInput(),
        choices=choices_from(LANGUAGE_LABELS),
        default="en",
        validators=[Required(_l("Select a language"))],
        invalid_message=_l("Select a language"),
    )
    source = StrictSelectField(
        _l("Version"),
        widget=GovSelect(),
        invalid_message=_l("Select a version of the summary"),
    )
    authority = StrictSelectField(
        _l("Authority"),
        widget=GovSelect(),
        description=_l("An authority's summary counts its own participants only"),
        invalid_message=_l("Select an authority taking part in this discovery"),
    )
    submit = SubmitField(_l("Export"), widget=GovSubmitInput())

    def __init__(self, *args, versions, draft_allowed: bool, authorities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = {str(v.number): _l("Version %(number)s", number=v.number) for v in versions}
        if draft_allowed:
            choices = {"draft": _l("The draft, as it stands now")} | choices
        self.source.choices = choices_from(choices)
        self.authority.choices = choices_from(
            {"": _l("All authorities")} | {a.code: a.name for a in authorities}
        )

    def payload(self) -> tasks.ExportPayload:
        source = self.source.data
        return tasks.ExportPayload(
            file_format=self.file_format.data,
            lang=self.lang.data,
            version_number=None if source == "draft" else int(source),
            authority_code=self.authority.data or None,
        )


class QuestionThemesForm(FlaskForm):
    """Which accepted themes answer one research question."""

    themes = MultiCheckboxField(
        _l("Themes that answer this question"),
        widget=GovCheckboxesInput(),
        description=_l("Select all that apply. Only accepted themes are shown"),
    )
    submit = SubmitField(_l("Save themes"), widget=GovSubmitInput())
