"""Journey-map pages: the list, a map as a swimlane grid, its stages and entries, citing
findings, and the CSV and PDF exports."""

from __future__ import annotations

import uuid
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import HiddenField
from wtforms.validators import AnyOf

from discovery.core.downloads import private_download
from discovery.core.form_fields import uuids_from
from discovery.core.forms import ConfirmForm
from discovery.core.permissions import Capability, can, person, requires
from discovery.core.stale import refuse_stale_edit
from discovery.core.vocab import JOURNEY_LANES
from discovery.core.writes import DuplicateValueError
from discovery.journeys import export, services
from discovery.journeys.forms import (
    CheckedForm,
    CiteFindingsForm,
    EntryForm,
    MapForm,
    StageForm,
    stage_taken_message,
    title_taken_message,
)

bp = Blueprint("journeys", __name__, url_prefix="/discoveries/<uuid:discovery_id>/journeys")
C = Capability
STALE_MAP = _l(
    "Someone else changed this journey map while you were editing it. Your changes have not been "
    "saved. Your text is still below: check it against the map, then save again"
)
STALE_ENTRY = _l(
    "Someone else changed this entry while you were editing it. Your changes have not been saved. "
    "Your text is still below: check it against the saved entry, then save again"
)
STAGES_CHANGED = _l(
    "Someone else added or deleted a stage while you were moving one, so nothing was moved. "
    "The map below is up to date"
)
STAGE_GONE = _l("That stage has been deleted, so it could not be moved. The map below is up to date")


class MoveStageForm(ConfirmForm):
    direction = HiddenField(validators=[AnyOf(["earlier", "later"])])


class StageOrderForm(ConfirmForm):
    """The stages' ids in their new order, space-separated (sent by assets/journeys.js)."""

    order = HiddenField()


def _editor(discovery) -> bool:
    return can(person(), C.EDIT_JOURNEYS, discovery)


def _map_url(journey_map, anchor: str | None = None) -> str:
    url = url_for("journeys.view_map", discovery_id=journey_map.discovery_id, map_id=journey_map.id)
    return f"{url}#{anchor}" if anchor else url


def _curve_labels() -> dict[str, str]:
    return {
        "curve_title": _("How the person feels at each stage"),
        "curve_alternative": _("Feelings at each stage, in words"),
        "stage": _("Stage"),
        "feeling": _("Feeling"),
        "mean_score": _("Average score"),
    }


def _map_data(form: MapForm) -> services.MapData:
    authority = uuids_from([form.authority.data])
    return services.MapData(
        title=form.title.data,
        scenario=form.scenario.data or "",
        segment=form.segment.data or None,
        authority_id=authority[0] if authority else None,
        state=form.state.data,
    )


def _stage_data(form: StageForm) -> services.StageData:
    return services.StageData(name=form.name.data, stage_key=form.stage_key.data or None)


# Maps ------------------------------------------------------------------------------------------


@bp.route("")
@requires(C.READ_THEMES)
def list_maps(discovery):
    return render_template(
        "journeys/list.html", discovery=discovery, rows=services.rows(discovery), editor=_editor(discovery)
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def add_map(discovery):
    form = MapForm(discovery=discovery)
    if form.validate_on_submit():
        try:
            journey_map = services.create_map(discovery, _map_data(form), person())
        except DuplicateValueError:
            form.title.errors = [title_taken_message(form.title.data)]
        except services.JourneyError:
            abort(400)
        else:
            flash(_("Journey map created. Add its first stage"), "success")
            return redirect(url_for("journeys.add_stage", discovery_id=discovery.id, map_id=journey_map.id))
    return render_template("journeys/map_form.html", discovery=discovery, form=form, journey_map=None)


@bp.route("/<uuid:map_id>")
@requires(C.READ_THEMES)
def view_map(discovery, map_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    view = services.map_view(journey_map)
    return render_template(
        "journeys/map.html",
        discovery=discovery,
        view=view,
        curve=services.curve(view),
        curve_labels=_curve_labels(),
        suggested_words=services.suggested_words,
        editor=_editor(discovery),
        can_read_findings=can(person(), C.READ_FINDINGS, discovery),
    )


@bp.route("/<uuid:map_id>/edit", methods=["GET", "POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def edit_map(discovery, map_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    form = MapForm(obj=journey_map, discovery=discovery, journey_map=journey_map)
    if not form.is_submitted():
        form.version.reset_to(journey_map)
        form.segment.data = journey_map.segment or ""
        form.authority.data = str(journey_map.authority_id) if journey_map.authority_id else ""
    if form.validate_on_submit():
        try:
            services.update_map(
                journey_map, _map_data(form), person(), expected_version=form.version.expected
            )
        except services.StaleJourneyError:
            return refuse_stale_edit(
                form,
                journey_map,
                str(STALE_MAP),
                "journeys/map_form.html",
                discovery=discovery,
                journey_map=journey_map,
            )
        except DuplicateValueError:
            form.title.errors = [title_taken_message(form.title.data)]
        except services.JourneyError:
            abort(400)
        else:
            flash(_("Journey map saved"), "success")
            return redirect(_map_url(journey_map))
    return render_template("journeys/map_form.html", discovery=discovery, form=form, journey_map=journey_map)


@bp.route("/<uuid:map_id>/delete", methods=["GET", "POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def delete_map(discovery, map_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_map(journey_map, person())
        flash(_("Journey map deleted"), "success")
        return redirect(url_for("journeys.list_maps", discovery_id=discovery.id))
    return render_template(
        "journeys/confirm_delete.html",
        discovery=discovery,
        form=form,
        question=_("Are you sure you want to delete this journey map?"),
        what=journey_map.title,
        consequence=_("Its stages and every entry in them are deleted too."),
        yes=_("Yes, delete this map"),
        back=_map_url(journey_map),
    )


@bp.route("/<uuid:map_id>/export.csv")
@requires(C.READ_THEMES)
def export_csv(discovery, map_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    document = services.document(services.map_view(journey_map))
    services.record_export(journey_map, "csv", person())
    return private_download(export.document_csv(document), "text/csv", f"{discovery.slug}-journey-map.csv")


@bp.route("/<uuid:map_id>/export.pdf")
@requires(C.READ_THEMES)
def export_pdf(discovery, map_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    document = services.document(services.map_view(journey_map))
    pdf = export.document_pdf(document, static=Path(current_app.static_folder or ""))
    services.record_export(journey_map, "pdf", person())
    return private_download(pdf, "application/pdf", f"{discovery.slug}-journey-map.pdf")


# Stages ----------------------------------------------------------------------------------------


@bp.route("/<uuid:map_id>/stages/new", methods=["GET", "POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def add_stage(discovery, map_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    form = StageForm(journey_map=journey_map)
    if not form.is_submitted():
        form.version.reset_to(journey_map)
    if form.validate_on_submit():
        try:
            stage = services.add_stage(journey_map, _stage_data(form), person())
        except DuplicateValueError:
            form.name.errors = [stage_taken_message(form.name.data)]
        except services.JourneyError:
            abort(400)
        else:
            flash(_("Stage ‘%(name)s’ added", name=stage.name), "success")
            return redirect(_map_url(journey_map, f"stage-{stage.id}"))
    return render_template(
        "journeys/stage_form.html", discovery=discovery, form=form, journey_map=journey_map, stage=None
    )


@bp.route("/<uuid:map_id>/stages/<uuid:stage_id>/edit", methods=["GET", "POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def edit_stage(discovery, map_id: uuid.UUID, stage_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    stage = services.stage_or_404(journey_map, stage_id)
    form = StageForm(obj=stage, journey_map=journey_map, stage=stage)
    if not form.is_submitted():
        form.version.reset_to(journey_map)
        form.stage_key.data = stage.stage_key or ""
    if form.validate_on_submit():
        try:
            services.update_stage(stage, _stage_data(form), person(), expected_version=form.version.expected)
        except services.StaleJourneyError:
            return refuse_stale_edit(
                form,
                journey_map,
                str(STALE_MAP),
                "journeys/stage_form.html",
                discovery=discovery,
                journey_map=journey_map,
                stage=stage,
            )
        except DuplicateValueError:
            form.name.errors = [stage_taken_message(form.name.data)]
        except services.JourneyError:
            abort(400)
        else:
            flash(_("Stage saved"), "success")
            return redirect(_map_url(journey_map, f"stage-{stage.id}"))
    return render_template(
        "journeys/stage_form.html", discovery=discovery, form=form, journey_map=journey_map, stage=stage
    )


@bp.route("/<uuid:map_id>/stages/<uuid:stage_id>/move", methods=["POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def move_stage(discovery, map_id: uuid.UUID, stage_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    form = MoveStageForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.move_stage(journey_map, stage_id, -1 if form.direction.data == "earlier" else 1, person())
    except services.StageGoneError:
        flash(str(STAGE_GONE), "error")
        return redirect(_map_url(journey_map))
    return redirect(_map_url(journey_map, f"stage-{stage_id}"))


@bp.route("/<uuid:map_id>/stages/order", methods=["POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def order_stages(discovery, map_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    form = StageOrderForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_stage_order(journey_map, list(uuids_from((form.order.data or "").split())), person())
    except services.StageGoneError:
        flash(str(STAGES_CHANGED), "error")
    return redirect(_map_url(journey_map))


@bp.route("/<uuid:map_id>/stages/<uuid:stage_id>/delete", methods=["GET", "POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def delete_stage(discovery, map_id: uuid.UUID, stage_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    stage = services.find_stage(journey_map, stage_id)
    if stage is None:
        flash(_("That stage has already been deleted"), "error")
        return redirect(_map_url(journey_map))
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_stage(stage, person())
        flash(_("Stage deleted"), "success")
        return redirect(_map_url(journey_map))
    entries = len(stage.entries)
    return render_template(
        "journeys/confirm_delete.html",
        discovery=discovery,
        form=form,
        question=_("Are you sure you want to delete this stage?"),
        what=stage.name,
        consequence=_entries_words(entries),
        yes=_("Yes, delete this stage"),
        back=_map_url(journey_map, f"stage-{stage.id}"),
    )


def _entries_words(count: int) -> str:
    if not count:
        return _("It has no entries.")
    return ngettext("Its %(num)d entry is deleted too.", "Its %(num)d entries are deleted too.", count)


# Entries ---------------------------------------------------------------------------------------


@bp.route("/<uuid:map_id>/stages/<uuid:stage_id>/entries/new", methods=["GET", "POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def add_entry(discovery, map_id: uuid.UUID, stage_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    stage = services.stage_or_404(journey_map, stage_id)
    form = EntryForm()
    if not form.is_submitted():
        lane = request.args.get("lane")
        form.lane.data = lane if lane in JOURNEY_LANES else None
    if form.validate_on_submit():
        try:
            entry = services.add_entry(stage, form.to_data(), person())
        except services.JourneyError:
            abort(400)
        flash(_("Entry added"), "success")
        return redirect(_map_url(journey_map, f"entry-{entry.id}"))
    return render_template(
        "journeys/entry_form.html",
        discovery=discovery,
        form=form,
        journey_map=journey_map,
        stage=stage,
        entry=None,
    )


@bp.route("/<uuid:map_id>/entries/<uuid:entry_id>/edit", methods=["GET", "POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def edit_entry(discovery, map_id: uuid.UUID, entry_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    entry = services.entry_or_404(journey_map, entry_id)
    form = EntryForm(obj=entry)
    if not form.is_submitted():
        form.version.reset_to(entry)
        form.emotion.data = "" if entry.emotion is None else str(entry.emotion)
        form.channel.data = entry.channel or ""
    if form.validate_on_submit():
        try:
            services.update_entry(entry, form.to_data(), person(), expected_version=form.version.expected)
        except services.StaleJourneyError:
            return refuse_stale_edit(
                form,
                entry,
                str(STALE_ENTRY),
                "journeys/entry_form.html",
                discovery=discovery,
                journey_map=journey_map,
                stage=entry.stage,
                entry=entry,
            )
        except services.JourneyError:
            abort(400)
        flash(_("Entry saved"), "success")
        return redirect(_map_url(journey_map, f"entry-{entry.id}"))
    return render_template(
        "journeys/entry_form.html",
        discovery=discovery,
        form=form,
        journey_map=journey_map,
        stage=entry.stage,
        entry=entry,
    )


@bp.route("/<uuid:map_id>/entries/<uuid:entry_id>/checked", methods=["POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def confirm_entry(discovery, map_id: uuid.UUID, entry_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    entry = services.entry_or_404(journey_map, entry_id)
    form = CheckedForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.confirm_entry(entry, person(), expected_version=form.version.expected)
    except services.StaleJourneyError:
        flash(str(STALE_ENTRY), "error")
    else:
        flash(_("Entry marked as checked"), "success")
    return redirect(_map_url(journey_map, f"entry-{entry.id}"))


@bp.route("/<uuid:map_id>/entries/<uuid:entry_id>/delete", methods=["GET", "POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def delete_entry(discovery, map_id: uuid.UUID, entry_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    entry = services.entry_or_404(journey_map, entry_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_entry(entry, person())
        flash(_("Entry deleted"), "success")
        return redirect(_map_url(journey_map))
    return render_template(
        "journeys/confirm_delete.html",
        discovery=discovery,
        form=form,
        question=_("Are you sure you want to delete this entry?"),
        what=entry.text,
        consequence="",
        yes=_("Yes, delete this entry"),
        back=_map_url(journey_map, f"entry-{entry.id}"),
    )


@bp.route("/<uuid:map_id>/entries/<uuid:entry_id>/findings", methods=["GET", "POST"])
@requires(read=C.EDIT_JOURNEYS, write=C.EDIT_JOURNEYS)
def cite_findings(discovery, map_id: uuid.UUID, entry_id: uuid.UUID):
    journey_map = services.map_or_404(discovery, map_id)
    entry = services.entry_or_404(journey_map, entry_id)
    if not can(person(), C.READ_FINDINGS, discovery):
        abort(403)
    everything = request.args.get("show") == "all"
    candidates = services.candidates(entry, everything=everything)
    form = CiteFindingsForm(finding_ids=[f.id for f in candidates.all])
    if not form.is_submitted():
        form.version.reset_to(entry)
        cited = services.cited_ids(entry)
        form.finding.data = [str(f.id) for f in candidates.all if f.id in cited]
    context = dict(
        discovery=discovery,
        journey_map=journey_map,
        entry=entry,
        candidates=candidates,
        everything=everything,
    )
    if form.validate_on_submit():
        try:
            added, removed = services.set_findings(
                entry,
                uuids_from(form.finding.data),
                person(),
                expected_version=form.version.expected,
                allowed=[f.id for f in candidates.all],
            )
        except services.StaleJourneyError:
            return refuse_stale_edit(form, entry, str(STALE_ENTRY), "journeys/cite.html", **context)
        except services.JourneyError:
            abort(400)
        flash(
            _("Cited findings saved: %(added)d added, %(removed)d removed", added=added, removed=removed),
            "success",
        )
        return redirect(_map_url(journey_map, f"entry-{entry.id}"))
    return render_template("journeys/cite.html", form=form, **context)
