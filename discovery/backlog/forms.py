"""Forms for the backlog: the filter panel, writing one item, citing findings, importing a CSV."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional, ValidationError

from discovery.backlog import importer, services
from discovery.core.form_fields import MultiCheckboxField, VersionField, choices_from
from discovery.core.validators import MaxLength, Required, strip_filter
from discovery.core.vocab import BACKLOG_SIZES, BACKLOG_STATUSES, MOSCOW
from discovery.i18n import squad_choices

TITLE_TAKEN = _l("A backlog item with this title already exists. Enter a different title")
BAD_REF = _l("Enter a Jira key such as ASC-123 or a web address starting with https://")


class BacklogFilterForm(FlaskForm):
    """The filter panel on the backlog: a GET form, so a filtered list can be bookmarked."""

    class Meta:
        csrf = False

    status = MultiCheckboxField(
        _l("Status"), widget=GovCheckboxesInput(), choices=choices_from(BACKLOG_STATUSES)
    )
    need = MultiCheckboxField(_l("User need"), widget=GovCheckboxesInput())
    theme = MultiCheckboxField(_l("Theme"), widget=GovCheckboxesInput())
    authority = MultiCheckboxField(
        _l("Authority"),
        widget=GovCheckboxesInput(),
        description=_l("Items with evidence from participants in these authorities"),
    )
    submit = SubmitField(_l("Apply filters"), widget=GovSubmitInput())

    def __init__(self, *args, needs=(), themes=(), authorities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.need.choices = choices_from(squad_choices(needs, lambda n: n.statement))
        self.theme.choices = choices_from(squad_choices(themes, lambda t: t.label))
        self.authority.choices = choices_from({str(a.id): a.name for a in authorities})


class ItemForm(FlaskForm):
    """Write or edit one item. ``validate_title`` refuses a title the discovery already has."""

    version = VersionField()
    title = StringField(
        _l("Title"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l(
            "A short name the squad will recognise, for example ‘Ring people back when we say we will’"
        ),
        validators=[Required(_l("Enter a title")), MaxLength(_l("Title"), services.TITLE_MAX)],
    )
    user_story = TextAreaField(
        _l("User story (optional)"),
        widget=GovTextArea(),
        description=_l("As a…, I want…, so that…"),
        validators=[MaxLength(_l("User story"), services.TEXT_MAX)],
    )
    acceptance_criteria = TextAreaField(
        _l("Acceptance criteria (optional)"),
        widget=GovTextArea(),
        description=_l("How the squad will know it is done. Put each one on a new line"),
        validators=[MaxLength(_l("Acceptance criteria"), services.TEXT_MAX)],
    )
    priority = RadioField(
        _l("Priority"),
        widget=GovRadioInput(),
        choices=choices_from(MOSCOW),
        default="should",
        validators=[Required(_l("Select a priority"))],
    )
    status = RadioField(
        _l("Status"),
        widget=GovRadioInput(),
        choices=choices_from(BACKLOG_STATUSES),
        default="todo",
        validators=[Required(_l("Select a status"))],
    )
    size = RadioField(
        _l("Size (optional)"),
        widget=GovRadioInput(),
        choices=choices_from({"": _l("Not sized"), **BACKLOG_SIZES}),
        default="",
        validators=[Optional()],
    )
    external_ref = StringField(
        _l("External reference (optional)"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l("A Jira key such as ASC-123, or a web address"),
        validators=[MaxLength(_l("External reference"), services.EXTERNAL_REF_MAX)],
    )
    needs = MultiCheckboxField(
        _l("User needs (optional)"), widget=GovCheckboxesInput(), description=_l("Select all that apply")
    )
    themes = MultiCheckboxField(
        _l("Themes (optional)"), widget=GovCheckboxesInput(), description=_l("Select all that apply")
    )
    stages = MultiCheckboxField(
        _l("Journey stages (optional)"), widget=GovCheckboxesInput(), description=_l("Select all that apply")
    )
    submit = SubmitField(_l("Save backlog item"), widget=GovSubmitInput())

    def __init__(self, *args, discovery, item=None, needs=(), themes=(), stages=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery
        self._editing = item
        self.needs.choices = choices_from(squad_choices(needs, lambda n: n.statement))
        self.themes.choices = choices_from(squad_choices(themes, lambda t: t.label))
        self.stages.choices = choices_from({str(s.id): services.stage_label(s) for s in stages})

    def validate_title(self, field) -> None:
        if field.data and services.title_taken(self._discovery, field.data, self._editing):
            raise ValidationError(TITLE_TAKEN)

    def validate_external_ref(self, field) -> None:
        cleaned = services.clean_external_ref(field.data)
        if cleaned is None:
            raise ValidationError(BAD_REF)
        field.data = cleaned


class CiteFindingsForm(FlaskForm):
    """Tick the findings an item cites itself; unticking one stops citing it."""

    version = VersionField()
    finding = MultiCheckboxField(_l("Findings this item cites"), widget=GovCheckboxesInput())
    submit = SubmitField(_l("Save cited findings"), widget=GovSubmitInput())

    def __init__(self, *args, finding_ids=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.finding.choices = choices_from({str(i): str(i) for i in finding_ids})


class ImportForm(FlaskForm):
    """Upload a backlog CSV; every problem in it is listed, each as its own error."""

    file = FileField(
        _l("Upload a backlog CSV file"),
        widget=GovFileInput(),
        description=_l("The backlog CSV export, saved as ‘CSV UTF-8’, smaller than 2 MB"),
    )
    submit = SubmitField(_l("Import changes"), widget=GovSubmitInput())

    def __init__(self, *args, discovery, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery
        self.plan: importer.ImportPlan | None = None
        self.problems: list[str] = []
        self.filename = ""

    def validate_file(self, field) -> None:
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError(_l("Select a CSV file"))
        self.filename = upload.filename
        data = upload.read(importer.MAX_BYTES + 1)
        try:
            self.plan = importer.parse_for(self._discovery, data)
        except importer.ImportProblems as problems:
            # The field shows one message; the error summary lists every problem (``problems``).
            self.problems = [translate(p) for p in problems.problems]
            if len(self.problems) == 1:
                raise ValidationError(self.problems[0]) from None
            raise ValidationError(
                _("The selected file has %(num)d problems, listed above", num=len(self.problems))
            ) from None


def translate(problem: importer.Problem) -> str:
    template = _(problem.template)
    return template % dict(problem.params) if problem.params else template
