"""Forms for the codebook: add and edit a tag, merge, import. Rules are checked via services."""

from __future__ import annotations

import uuid

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from discovery.core.form_fields import LocalisedCharacterCount, VersionField, choices_from
from discovery.core.validators import MaxLength, Required, strip_filter
from discovery.core.vocab import TAG_COLOURS
from research_notes.tags import codebook_formats as formats
from research_notes.tags import services
from research_notes.tags.labels import tag_path_text, tag_text

COLOUR_LABELS = {
    "grey": _l("Grey"),
    "green": _l("Green"),
    "turquoise": _l("Turquoise"),
    "blue": _l("Blue"),
    "light-blue": _l("Light blue"),
    "purple": _l("Purple"),
    "pink": _l("Pink"),
    "red": _l("Red"),
    "orange": _l("Orange"),
    "yellow": _l("Yellow"),
}
if not set(COLOUR_LABELS) == set(TAG_COLOURS) == set(formats.COLOURS):  # checked under python -O too
    raise RuntimeError("Every tag colour needs a label")

TOP_LEVEL = ""
STALE_MESSAGE = _l(
    "Someone else changed this tag since you opened it. Your changes have not been saved. "
    "What the tag says now is shown below, with your changes still in the form: check them, then save again"
)
CYCLE_MESSAGE = _l("You cannot put a tag inside one of its own sub-tags")
DUPLICATE_MESSAGE = _l(
    "A tag with this name already exists there. Enter a different name or choose another parent"
)
# When the database refuses a Welsh name the form's check passed (two people at once).
WELSH_DUPLICATE_MESSAGE = _l(
    "A tag with this Welsh name already exists there. Enter a different Welsh name or choose another parent"
)


def duplicate_message(duplicate: services.DuplicateTagError) -> str:
    """The message for the field a DuplicateTagError names."""
    return WELSH_DUPLICATE_MESSAGE if duplicate.field == "name_cy" else DUPLICATE_MESSAGE


def name_filter(value):
    return formats.clean_name(value) if isinstance(value, str) else value


class TagForm(FlaskForm):
    """Add or edit a tag. Renaming is editing the name; moving is choosing another parent."""

    name = StringField(
        _l("Name"),
        widget=GovTextInput(),
        filters=[name_filter],
        validators=[Required(_l("Enter a name")), MaxLength(_l("Name"), formats.MAX_NAME_LENGTH)],
    )
    description = TextAreaField(
        _l("Description (optional)"),
        widget=LocalisedCharacterCount(),
        filters=[strip_filter],
        description=_l("When to use this tag, so everyone in the squad codes the same way"),
        validators=[MaxLength(_l("Description"), formats.MAX_DESCRIPTION_LENGTH)],
    )
    name_cy = StringField(
        _l("Welsh name (optional)"),
        widget=GovTextInput(),
        filters=[name_filter],
        description=_l("Welsh pages show this name. Without one they show the English name"),
    )
    description_cy = TextAreaField(
        _l("Welsh description (optional)"),
        widget=LocalisedCharacterCount(),
        filters=[strip_filter],
        validators=[MaxLength(_l("Welsh description"), formats.MAX_DESCRIPTION_LENGTH)],
    )
    colour = RadioField(
        _l("Colour"),
        widget=GovRadioInput(),
        choices=choices_from(COLOUR_LABELS),
        default="grey",
        validate_choice=False,
        validators=[Required(_l("Select a colour"))],
    )
    parent = SelectField(
        _l("Parent tag"),
        widget=GovSelect(),
        description=_l("Put this tag inside another one, or leave it at the top level"),
        validate_choice=False,
        default=TOP_LEVEL,
    )
    version = VersionField()
    submit = SubmitField(_l("Save tag"), widget=GovSubmitInput())

    def __init__(self, *args, discovery, tag=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery
        self._tag = tag
        self.parent.choices = [SelectChoice(TOP_LEVEL, _("No parent (top level)"))] + [
            SelectChoice(str(t.id), tag_path_text(t)) for t, _path in services.parent_choices(discovery, tag)
        ]
        if tag is not None and not self.is_submitted():
            self.parent.data = str(tag.parent_id) if tag.parent_id else TOP_LEVEL
            self.version.reset_to(tag)
        elif self.is_submitted() and not self.version.raw_data:
            self.version.data = None  # not posted: never the tag's own version, read from ``obj``
        self.colour.data = self.colour.data or "grey"

    @property
    def parent_id(self) -> uuid.UUID | None:
        parent = services.get_tag(self._discovery, self.parent.data) if self.parent.data else None
        return parent.id if parent is not None else None

    def validate_parent(self, field) -> None:
        if not field.data:
            return
        parent = services.get_tag(self._discovery, field.data)
        if parent is None:
            raise ValidationError(_l("Select a parent tag from the list"))
        if self._tag is not None and services.would_loop(self._tag, parent.id):
            raise ValidationError(CYCLE_MESSAGE)

    def validate_colour(self, field) -> None:
        if field.data not in COLOUR_LABELS:
            raise ValidationError(_l("Select a colour from the list"))

    def validate_name(self, field) -> None:
        problem = formats.name_problem(field.data or "")
        if problem is not None:
            raise ValidationError(_(problem))
        if self.parent.errors or (self.parent.data and self.parent_id is None):
            return
        exclude = self._tag.id if self._tag is not None else None
        if services.name_taken(self._discovery, field.data, self.parent_id, exclude_id=exclude):
            raise ValidationError(DUPLICATE_MESSAGE)

    def validate_name_cy(self, field) -> None:
        problem = formats.welsh_name_problem(field.data or "")
        if problem is not None:
            raise ValidationError(_(problem))
        if not field.data or self.parent.errors or (self.parent.data and self.parent_id is None):
            return
        exclude = self._tag.id if self._tag is not None else None
        other = services.welsh_name_taken_by(self._discovery, field.data, self.parent_id, exclude_id=exclude)
        if other is None:
            return
        if self.parent_id is None:
            raise ValidationError(
                _(
                    "There is already a tag called ‘%(name)s’ in Welsh at the top level. "
                    "Enter a different Welsh name or choose another parent",
                    name=other.name_cy,
                )
            )
        raise ValidationError(
            _(
                "There is already a tag called ‘%(name)s’ in Welsh under ‘%(parent)s’. "
                "Enter a different Welsh name or choose another parent",
                name=other.name_cy,
                parent=tag_text(other.parent),
            )
        )

    def to_data(self) -> services.TagData:
        return services.TagData(
            name=self.name.data,
            description=self.description.data or "",
            colour=self.colour.data,
            parent_id=self.parent_id,
            name_cy=self.name_cy.data or "",
            description_cy=self.description_cy.data or "",
        )


class MergeForm(FlaskForm):
    """Choose the tag to merge into. Every other tag is offered; loops are refused with a reason."""

    into = SelectField(
        _l("Merge into"),
        widget=GovSelect(),
        validate_choice=False,
        validators=[Required(_l("Select the tag to merge into"))],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    def __init__(self, *args, discovery, tag, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery
        self._tag = tag
        self.target = None
        self.into.choices = [SelectChoice("", _("Choose a tag"))] + [
            SelectChoice(str(t.id), tag_path_text(t)) for t, _path in services.parent_choices(discovery, tag)
        ]

    def validate_into(self, field) -> None:
        target = services.get_tag(self._discovery, field.data)
        if target is None:
            raise ValidationError(_l("Select the tag to merge into"))
        message = merge_message(self._tag, target)
        if message:
            raise ValidationError(message)
        self.target = target


def merge_message(source, target) -> str | None:
    problem = services.merge_problem(source, target)
    if problem == "itself":
        return _("You cannot merge a tag into itself. Select a different tag")
    if problem == "loop":
        return _(
            "You cannot merge ‘%(source)s’ into ‘%(target)s’ because ‘%(target)s’ is one of its sub-tags: "
            "that would create a loop",
            source=tag_text(source),
            target=tag_text(target),
        )
    return None


class ImportForm(FlaskForm):
    file = FileField(
        _l("Upload a codebook file"),
        widget=GovFileInput(),
        description=_l("A CSV file or a REFI-QDA codebook (.qdc), smaller than 1 MB"),
    )
    submit = SubmitField(_l("Import codebook"), widget=GovSubmitInput())

    def __init__(self, *args, discovery, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery
        self.parsed: formats.ParsedCodebook | None = None
        self.filename = ""

    def validate_file(self, field) -> None:
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError(_l("Select a codebook file"))
        self.filename = upload.filename
        data = upload.read(formats.MAX_FILE_BYTES + 1)
        try:
            self.parsed = formats.parse_codebook(
                data, upload.filename, services.existing_paths(self._discovery)
            )
        except formats.CodebookFileError as error:
            raise ValidationError(translate_file_error(error)) from None


def translate_file_error(error: formats.CodebookFileError) -> str:
    """Translate the sentence and the nested problem it names, then fill in the details."""
    params = {key: (_(value) if key == "problem" else value) for key, value in error.params.items()}
    template = _(error.template)
    return template % params if params else template
