"""The upload form for a REFI-QDA project (.qdpx)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField


class ImportProjectForm(FlaskForm):
    file = FileField(
        _l("Upload a REFI-QDA project file"),
        widget=GovFileInput(),
        validators=[FileRequired(_l("Select a project file"))],
    )
    submit = SubmitField(_l("Import project"), widget=GovSubmitInput())
