"""A discovery's data-sharing agreement: its form and the one write that saves it.

The rules that read the agreement live in ``data_scope``; this module only records it. A save
replaces the reference, date, setting and the whole set of grants in one transaction, checks
the version the form was opened at, and leaves an audit event listing what changed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovSubmitInput, GovTextInput
from sqlalchemy.orm.exc import StaleDataError
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import ValidationError

from discovery.core import audit, data_scope
from discovery.core.form_fields import GovDateField, MultiCheckboxField, VersionField, choices_from
from discovery.core.models import (
    AGREEMENT_REFERENCE_MAX,
    DataSharingAgreement,
    Discovery,
    RawNoteGrant,
    User,
)
from discovery.core.services import StaleEditError
from discovery.core.validators import MaxLength, strip_filter
from discovery.extensions import db

RAW_NOTE_CHOICES = {
    data_scope.ALL_MEMBERS: _l("Every member reads every note"),
    data_scope.AGREEMENT: _l("Only as the agreement says"),
}
RAW_NOTE_HINTS = {
    data_scope.ALL_MEMBERS: _l("Fine when one council runs the discovery on its own."),
    data_scope.AGREEMENT: _l(
        "Researchers and squad members read their own council's notes, and another council's "
        "only where it shares them below. Findings, themes and summaries stay shared."
    ),
}
NOT_IN_DISCOVERY = _l("Raw notes can only be shared between authorities taking part in this discovery")


@dataclass(frozen=True)
class AgreementData:
    reference: str
    agreed_on: date | None
    raw_notes: str
    grants: frozenset[tuple[uuid.UUID, uuid.UUID]]


def grant_value(from_id: uuid.UUID, to_id: uuid.UUID) -> str:
    return f"{from_id}:{to_id}"


def parse_grant(value: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    try:
        left, right = str(value).split(":")
        return uuid.UUID(left), uuid.UUID(right)
    except ValueError:
        return None


class GrantsField(MultiCheckboxField):
    """Directed grants between the discovery's authorities, one checkbox per direction."""

    def pre_validate(self, form) -> None:
        allowed = form.authority_ids
        for value in self.data or []:
            pair = parse_grant(value)
            if pair is None or pair[0] == pair[1] or not set(pair) <= allowed:
                raise ValidationError(NOT_IN_DISCOVERY)


class AgreementForm(FlaskForm):
    reference = StringField(
        _l("Agreement reference"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l("As written on the signed agreement, for example DSA-2026-014"),
        validators=[MaxLength(_l("Agreement reference"), AGREEMENT_REFERENCE_MAX)],
    )
    agreed_on = GovDateField(_l("Date agreed"), description=_l("For example, 14 3 2026"))
    raw_notes = RadioField(
        _l("Who reads raw notes"),
        widget=GovRadioInput(),
        choices=choices_from(RAW_NOTE_CHOICES),
    )
    grants = GrantsField(
        _l("Which councils share raw notes with which"),
        widget=GovCheckboxesInput(),
        description=_l("Each box shares one way only. Select all that the agreement allows"),
    )
    version = VersionField()
    submit = SubmitField(_l("Save agreement"), widget=GovSubmitInput())

    def __init__(self, *args, discovery: Discovery, agreement: DataSharingAgreement | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.authority_ids = {a.id for a in discovery.authorities}
        locale = str(get_locale() or "en")
        self.grants.choices = choices_from(
            {
                grant_value(giver.id, taker.id): grant_sentence(
                    giver.localised_name(locale), taker.localised_name(locale)
                )
                for giver in discovery.authorities
                for taker in discovery.authorities
                if giver.id != taker.id
            }
        )
        if not self.is_submitted():
            self.version.data = str(agreement.version if agreement else 0)
            self.raw_notes.data = agreement.raw_notes if agreement else data_scope.default_sharing(discovery)
            if agreement is not None:
                self.reference.data = agreement.reference
                self.agreed_on.data = agreement.agreed_on
                self.grants.data = [
                    grant_value(g.from_authority_id, g.to_authority_id) for g in agreement.grants
                ]

    def validate_raw_notes(self, field) -> None:
        if field.data not in RAW_NOTE_CHOICES:
            raise ValidationError(_l("Select who reads raw notes"))

    def validate_agreed_on(self, field) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("Date agreed must be today or in the past"))

    def to_data(self) -> AgreementData:
        pairs = {parse_grant(v) for v in self.grants.data or []}
        return AgreementData(
            reference=self.reference.data or "",
            agreed_on=self.agreed_on.data,
            raw_notes=self.raw_notes.data,
            grants=frozenset(p for p in pairs if p is not None),
        )


def save_agreement(
    discovery: Discovery, data: AgreementData, *, expected_version: int, actor: User
) -> DataSharingAgreement:
    """Record the agreement as the form has it. Raises ``StaleEditError`` when someone saved it
    since the form was opened (version 0 means "no agreement recorded yet")."""
    agreement = data_scope.agreement_for(discovery)
    current = agreement.version if agreement is not None else 0
    if current != expected_version:
        raise StaleEditError()
    allowed = {a.id for a in discovery.authorities}
    if any(not set(pair) <= allowed for pair in data.grants):
        raise ValueError("A grant names an authority not taking part in the discovery")
    before = _describe(agreement)
    if agreement is None:
        agreement = DataSharingAgreement(discovery_id=discovery.id)
        db.session.add(agreement)
    agreement.reference = data.reference
    agreement.agreed_on = data.agreed_on
    agreement.raw_notes = data.raw_notes
    agreement.updated_by_id = actor.id
    kept = {(g.from_authority_id, g.to_authority_id): g for g in agreement.grants}
    for pair, grant in kept.items():
        if pair not in data.grants:
            agreement.grants.remove(grant)
    for giver, taker in sorted(data.grants - set(kept)):
        agreement.grants.append(RawNoteGrant(from_authority_id=giver, to_authority_id=taker))
    try:
        db.session.flush()
    except StaleDataError:
        raise StaleEditError() from None
    after = _describe(agreement)
    if before != after:
        audit.record(
            "data_sharing_agreement_saved",
            discovery,
            actor=actor,
            before=before,
            after=after,
        )
    return agreement


def _describe(agreement: DataSharingAgreement | None) -> dict:
    if agreement is None:
        return {}
    return {
        "reference": agreement.reference,
        "agreed_on": agreement.agreed_on.isoformat() if agreement.agreed_on else None,
        "raw_notes": agreement.raw_notes,
        "grants": sorted(f"{g.from_authority_id}->{g.to_authority_id}" for g in agreement.grants),
    }


def grants_described(discovery: Discovery) -> list[str]:
    """The agreement's grants as sentences, for the discovery's overview."""
    agreement = data_scope.agreement_for(discovery)
    if agreement is None:
        return []
    locale = str(get_locale() or "en")
    names = {a.id: a.localised_name(locale) for a in discovery.authorities}
    return sorted(
        grant_sentence(names[g.from_authority_id], names[g.to_authority_id])
        for g in agreement.grants
        if g.from_authority_id in names and g.to_authority_id in names
    )


def grant_sentence(giver: str, taker: str) -> str:
    return _("%(giver)s shares raw notes with %(taker)s", giver=giver, taker=taker)
