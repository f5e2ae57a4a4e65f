"""Forms for user needs: the filter panel, writing one need, saving drafts, citing findings."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    StringField,
    SubmitField,
)
from wtforms.validators import Optional, ValidationError

from discovery.core.form_fields import LocalisedCharacterCount, MultiCheckboxField, VersionField, choices_from
from discovery.core.validators import MaxLength, Required, strip_filter
from discovery.core.vocab import NEED_STATUSES, SEGMENTS
from discovery.i18n import squad_choices
from discovery.needs import services

NEED_TAKEN = _l(
    "A user need with these words already exists. Change what the user needs, or who has the need"
)
GOAL_LEFT = _l("Enter what the user wants to achieve, or delete ‘[goal]’")


def _without(prefix: str):
    """A filter taking off words the label already says ("I need" before "I need…")."""
    pattern = re.compile(rf"^\s*{prefix}\s+", re.IGNORECASE)

    def strip_prefix(value):
        return pattern.sub("", value, count=1) if isinstance(value, str) else value

    return strip_prefix


def _who(widget):
    return StringField(
        _l("As…"),
        widget=widget,
        filters=[strip_filter, _without("as")],
        description=_l("Who has the need, for example ‘an unpaid carer’"),
        validators=[Required(_l("Enter who has the need")), MaxLength(_l("Who"), services.WHO_MAX)],
    )


def _need(widget):
    return StringField(
        _l("I need…"),
        widget=widget,
        filters=[strip_filter, _without("i need")],
        description=_l("What they need to do or know, not a solution such as an app"),
        validators=[Required(_l("Enter what the user needs")), MaxLength(_l("Need"), services.NEED_MAX)],
    )


def _goal(widget):
    return StringField(
        _l("So that…"),
        widget=widget,
        filters=[strip_filter, _without("so that")],
        description=_l("What it lets them achieve"),
        validators=[MaxLength(_l("Goal"), services.GOAL_MAX)],
    )


def _check_goal(field) -> None:
    if services.GOAL_PLACEHOLDER in (field.data or ""):
        raise ValidationError(GOAL_LEFT)


class NeedFilterForm(FlaskForm):
    """The filter panel on the needs list: a GET form, so a filtered list can be bookmarked."""

    class Meta:
        csrf = False

    segment = MultiCheckboxField(
        _l("Participant segment"), widget=GovCheckboxesInput(), choices=choices_from(SEGMENTS)
    )
    status = MultiCheckboxField(
        _l("Status"), widget=GovCheckboxesInput(), choices=choices_from(NEED_STATUSES)
    )
    theme = MultiCheckboxField(_l("Theme"), widget=GovCheckboxesInput())
    submit = SubmitField(_l("Apply filters"), widget=GovSubmitInput())

    def __init__(self, *args, themes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.theme.choices = choices_from(squad_choices(themes, lambda t: t.label))


class NeedForm(FlaskForm):
    """Write or edit one need. ``validate_need`` refuses a statement the discovery already has."""

    version = VersionField()
    who = _who(GovTextInput())
    need = _need(LocalisedCharacterCount())
    goal = _goal(LocalisedCharacterCount())
    segment = RadioField(
        _l("Which participants does it speak for? (optional)"),
        widget=GovRadioInput(),
        choices=choices_from({"": _l("No one segment"), **SEGMENTS}),
        default="",
        validators=[Optional()],
    )
    status = RadioField(
        _l("Status"),
        widget=GovRadioInput(),
        choices=choices_from(NEED_STATUSES),
        default="hypothesis",
        validators=[Required(_l("Select whether the need is a hypothesis or validated"))],
    )
    themes = MultiCheckboxField(
        _l("Themes (optional)"), widget=GovCheckboxesInput(), description=_l("Select all that apply")
    )
    submit = SubmitField(_l("Save user need"), widget=GovSubmitInput())

    def __init__(self, *args, discovery, themes=(), need=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery
        self._editing = need
        self.themes.choices = choices_from(squad_choices(themes, lambda t: t.label))

    def validate_goal(self, field) -> None:
        _check_goal(field)

    def validate_need(self, field) -> None:
        if field.data and services.statement_taken(
            self._discovery, self.who.data or "", field.data, self.goal.data or "", self._editing
        ):
            raise ValidationError(NEED_TAKEN)


class DraftEntry(Form):
    """One drafted need on the draft page; checked only when "Save this need" is ticked."""

    save = BooleanField(_l("Save this need"), widget=GovCheckboxInput())
    who = _who(GovTextInput())
    need = _need(GovTextInput())
    goal = _goal(GovTextInput())
    segment = HiddenField()
    findings = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        if not self.save.data:
            return True
        return super().validate(extra_validators)

    def validate_goal(self, field) -> None:
        _check_goal(field)


class DraftsForm(FlaskForm):
    """Every draft from a theme; the ticked ones are saved together, or none are."""

    drafts = FieldList(FormField(DraftEntry))
    submit = SubmitField(_l("Save the needs you selected"), widget=GovSubmitInput())

    def __init__(self, *args, discovery, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._discovery = discovery

    @property
    def ticked(self) -> list[DraftEntry]:
        return [entry.form for entry in self.drafts.entries if entry.form.save.data]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        entries = [entry.form for entry in self.drafts.entries]
        if entries and not self.ticked:
            entries[0].save.errors = [str(_l("Select at least one need to save"))]
            valid = False
        seen: set[str] = set()
        for entry in self.ticked:
            if entry.need.errors or entry.who.errors or entry.goal.errors:
                continue
            key = services.statement_key(entry.who.data, entry.need.data, entry.goal.data)
            taken = key in seen or services.statement_taken(
                self._discovery, entry.who.data, entry.need.data, entry.goal.data
            )
            seen.add(key)
            if taken:
                entry.need.errors = [*entry.need.errors, str(NEED_TAKEN)]
                valid = False
        # FieldList keeps the errors it saw while validating; show the ones added since too.
        errors = [entry.errors for entry in entries]
        self.drafts.errors = errors if any(errors) else []
        return valid


class LinkFindingsForm(FlaskForm):
    """Tick the findings a need cites; unticking one stops citing it."""

    version = VersionField()
    finding = MultiCheckboxField(_l("Findings this need cites"), widget=GovCheckboxesInput())
    submit = SubmitField(_l("Save cited findings"), widget=GovSubmitInput())

    def __init__(self, *args, finding_ids=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.finding.choices = choices_from({str(i): str(i) for i in finding_ids})
