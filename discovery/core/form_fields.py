"""Form fields that the GOV.UK patterns need and WTForms lacks."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovCheckboxesInput, GovDateInput
from wtforms import Field, HiddenField, RadioField, SelectField, SelectMultipleField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation


class LocalisedDateInput(GovDateInput):
    """GovDateInput with translated Day/Month/Year labels that copes with a field not posted.

    The stock widget hard-codes English labels and unpacks ``raw_data`` into three parts,
    which crashes when a form is posted without the date at all.
    """

    def map_gov_params(self, field, **kwargs):
        params = GovFormBase.map_gov_params(self, field, **kwargs)
        params.setdefault("fieldset", {"legend": {"text": field.label.text}})
        params.setdefault("items", field.localised_params()["items"])
        return params


class GovDateField(Field):
    """A GOV.UK date input (day, month, year) with specific error messages.

    WTForms' DateField only says "Not a valid date value"; GOV.UK asks for messages that say
    which part is missing or wrong, and an empty optional date must be allowed.
    """

    widget = LocalisedDateInput()

    def __init__(self, label=None, validators=None, *, required_message=None, **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message
        self._parse_error: str | None = None

    def _value(self):
        return self.data

    def process_formdata(self, valuelist) -> None:
        self._parse_error = None
        if not valuelist:
            return
        parts = [(v or "").strip() for v in (list(valuelist) + ["", "", ""])[:3]]
        if not any(parts):
            self.data = None
            return
        name = self.label.text
        missing = [p for p, v in zip((_("day"), _("month"), _("year")), parts, strict=True) if not v]
        if missing:
            self._parse_error = _("%(name)s must include a %(part)s", name=name, part=missing[0])
            self.data = None
            return
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1900 or year > 2200:
                raise ValueError
            self.data = date(year, month, day)
        except ValueError:
            self._parse_error = _("%(name)s must be a real date", name=name)
            self.data = None

    def pre_validate(self, form) -> None:
        if self._parse_error:
            raise ValidationError(self._parse_error)
        if self.data is None and self.required_message:
            raise ValidationError(self.required_message)

    def localised_params(self) -> dict:
        """Day/Month/Year labels are hard-coded in English in govuk-frontend-wtf; translate them."""
        day, month, year = ("", "", "")
        if self.raw_data:
            day, month, year = (list(self.raw_data) + ["", "", ""])[:3]
        elif self.data:
            day, month, year = str(self.data.day), str(self.data.month), str(self.data.year)
        error = " govuk-input--error" if self.errors else ""
        return {
            "items": [
                {
                    "label": _("Day"),
                    "id": f"{self.name}-day",
                    "name": self.name,
                    "value": day,
                    "classes": "govuk-input--width-2" + error,
                },
                {
                    "label": _("Month"),
                    "id": f"{self.name}-month",
                    "name": self.name,
                    "value": month,
                    "classes": "govuk-input--width-2" + error,
                },
                {
                    "label": _("Year"),
                    "id": f"{self.name}-year",
                    "name": self.name,
                    "value": year,
                    "classes": "govuk-input--width-4" + error,
                },
            ]
        }


class StrictRadioField(RadioField):
    """Radios whose tampered value gets a GOV.UK message instead of "Not a valid choice"."""

    def __init__(self, *args, invalid_message=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def pre_validate(self, form) -> None:
        if self.data and not _offered(self):
            raise StopValidation(self.invalid_message or _l("Select from the options shown"))


class StrictSelectField(SelectField):
    """A select whose value must be one it offered (an empty one too, unless offered): a
    tampered value gets the field's GOV.UK message instead of "Not a valid choice"."""

    def __init__(self, *args, invalid_message, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def pre_validate(self, form) -> None:
        if not _offered(self):
            raise StopValidation(self.invalid_message)


def _offered(field) -> bool:
    return field.data in {str(choice[0]) for choice in field.iter_choices()}


class GovCheckboxGroupsInput(GovCheckboxesInput):
    """Checkboxes in groups that open and close (GOV.UK details), for a long list such as a codebook.

    Every option is on the page, so none hides in an inner scroll box. ``field.groups`` is a
    list of ``(heading, [(value, label), …])``; a group with no heading is shown as it is,
    not folded away. A group opens when one of its boxes is ticked, so a choice is never hidden.
    """

    template = "components/checkbox_groups.html"

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        prefix = params.get("idPrefix") or field.id
        items = {}
        for index, item in enumerate(params["items"], start=1):  # ids as govukCheckboxes gives them
            items[item["value"]] = dict(item, id=prefix if index == 1 else f"{prefix}-{index}")
        groups = getattr(field, "groups", None) or [
            (None, [(value, item["text"]) for value, item in items.items()])
        ]
        params["groups"] = []
        for heading, members in groups:
            chosen = [dict(items[value], text=label) for value, label in members if value in items]
            if chosen:
                opened = any(item.get("checked") for item in chosen)
                params["groups"].append({"heading": heading, "items": chosen, "open": opened})
        return params


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes whose values are strings; an unknown value is a tampered form, not a crash."""

    def pre_validate(self, form) -> None:
        if self.data:
            values = {str(choice[0]) for choice in self.iter_choices()}
            if any(str(d) not in values for d in self.data):
                raise ValidationError(_l("Select from the options shown"))


def choices_from(mapping: dict) -> list[SelectChoice]:
    """Choices for radios and checkboxes from a vocabulary mapping of key to label."""
    return [SelectChoice(str(key), label) for key, label in mapping.items()]


class VersionField(HiddenField):
    """The record's version when the form was opened, for optimistic locking.

    A missing or tampered value reads as -1, which never matches, so the save is refused as
    stale rather than crashing or overwriting someone else's change.
    """

    @property
    def expected(self) -> int:
        try:
            return int(self.data or "")
        except (TypeError, ValueError):
            return -1

    def reset_to(self, record) -> None:
        self.data = str(record.version)


def character_count_i18n() -> dict:
    """GOV.UK Frontend's character count speaks English unless it is given these strings."""
    return {
        "textareaDescriptionText": _("You can enter up to %{count} characters"),
        "charactersUnderLimitText": {
            "one": _("You have %{count} character remaining"),
            "other": _("You have %{count} characters remaining"),
        },
        "charactersAtLimitText": _("You have 0 characters remaining"),
        "charactersOverLimitText": {
            "one": _("You have %{count} character too many"),
            "other": _("You have %{count} characters too many"),
        },
    }


class LocalisedCharacterCount(GovCharacterCount):
    """A character count whose limit comes from the field's MaxLength and whose messages are
    translated, so no template can forget either."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        # WTForms' Length validator (MaxLength) sets the flag; a template may still give its own.
        if "maxlength" not in params and "maxwords" not in params and field.flags.maxlength:
            params["maxlength"] = field.flags.maxlength
        for key, value in character_count_i18n().items():
            params.setdefault(key, value)
        return params


def uuids_from(values: Iterable[object] | None) -> tuple[uuid.UUID, ...]:
    """The ids in posted or query values; anything that is not an id is a tampered form and is
    dropped, never a 500."""
    found = []
    for value in values or []:
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return tuple(found)
