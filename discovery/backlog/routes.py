"""Backlog pages: the list, one item, writing, citing findings, deleting, exports and import."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from discovery.backlog import export, importer, services
from discovery.backlog.forms import TITLE_TAKEN, BacklogFilterForm, CiteFindingsForm, ImportForm, ItemForm
from discovery.core.downloads import private_download
from discovery.core.form_fields import uuids_from
from discovery.core.forms import ConfirmForm
from discovery.core.permissions import Capability, can, person, requires
from discovery.core.stale import refuse_stale_edit
from discovery.core.writes import DuplicateValueError, show_duplicate
from discovery.needs import services as need_services

bp = Blueprint("backlog", __name__, url_prefix="/discoveries/<uuid:discovery_id>/backlog")
bp.add_app_template_global(services.is_url, "backlog_ref_is_url")
bp.add_app_template_global(services.items_for_need, "need_backlog_items")
bp.add_app_template_global(services.items_for_theme, "theme_backlog_items")
C = Capability
STALE = _l(
    "Someone else changed this backlog item while you were editing it. Your changes have not been "
    "saved. Your text is still below: check it against the saved item, then save again"
)
IMPORT_STALE = _l(
    "Someone changed the backlog while the file was being imported. Nothing was imported. Try again"
)


def _manager(discovery) -> bool:
    return can(person(), C.MANAGE_BACKLOG, discovery)


def _item_url(item) -> str:
    return url_for("backlog.view_item", discovery_id=item.discovery_id, item_id=item.id)


def _valid(field) -> tuple[str, ...]:
    allowed = {c.value for c in field.iter_choices()}
    return tuple(v for v in (field.data or []) if v in allowed)


@bp.route("")
@requires(C.READ_THEMES)
def list_items(discovery):
    manager = _manager(discovery)
    shown = need_services.theme_statuses(can(person(), C.REVIEW_THEMES, discovery))
    form = BacklogFilterForm(
        formdata=request.args,
        needs=services.needs_for(discovery),
        themes=services.themes_for(discovery, shown),
        authorities=services.authorities_for(discovery),
    )
    filters = services.BacklogFilters(
        statuses=_valid(form.status),
        need_ids=uuids_from(_valid(form.need)),
        theme_ids=uuids_from(_valid(form.theme)),
        authority_ids=uuids_from(_valid(form.authority)),
    )
    return render_template(
        "backlog/list.html",
        discovery=discovery,
        manager=manager,
        filter_form=form,
        filters=filters,
        rows=services.rows(discovery, filters, themes_shown=shown),
        total=services.count(discovery),
    )


@bp.route("/<uuid:item_id>")
@requires(C.READ_THEMES)
def view_item(discovery, item_id: uuid.UUID):
    item = services.item_or_404(discovery, item_id)
    manager = _manager(discovery)
    shown = need_services.theme_statuses(can(person(), C.REVIEW_THEMES, discovery))
    return render_template(
        "backlog/item.html",
        discovery=discovery,
        item=item,
        row=services.row(item, themes_shown=shown),
        manager=manager,
        quotes=can(person(), C.READ_FINDINGS, discovery),
        history=services.history(item) if manager else [],
    )


def _item_form(discovery, item=None) -> ItemForm:
    return ItemForm(
        obj=item,
        discovery=discovery,
        item=item,
        needs=services.needs_for(discovery),
        themes=services.themes_for(discovery),
        stages=services.stages_for(discovery),
    )


def _data(form: ItemForm) -> services.ItemData:
    return services.ItemData(
        title=form.title.data,
        user_story=form.user_story.data or "",
        acceptance_criteria=form.acceptance_criteria.data or "",
        priority=form.priority.data,
        status=form.status.data,
        size=form.size.data or None,
        external_ref=form.external_ref.data or "",
        need_ids=uuids_from(form.needs.data),
        theme_ids=uuids_from(form.themes.data),
        stage_ids=uuids_from(form.stages.data),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(C.MANAGE_BACKLOG)
def add_item(discovery):
    form = _item_form(discovery)
    if not form.is_submitted():
        form.needs.data = [str(i) for i in uuids_from([request.args.get("need")])]
        form.themes.data = [str(i) for i in uuids_from([request.args.get("theme")])]
    if form.validate_on_submit():
        try:
            item = services.create_item(discovery, _data(form), person())
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, TITLE_TAKEN)
        except services.BacklogError:
            abort(400)
        else:
            flash(_("Backlog item %(number)d saved", number=item.number), "success")
            return redirect(_item_url(item))
    return render_template("backlog/form.html", discovery=discovery, form=form, item=None)


@bp.route("/<uuid:item_id>/edit", methods=["GET", "POST"])
@requires(C.MANAGE_BACKLOG)
def edit_item(discovery, item_id: uuid.UUID):
    item = services.item_or_404(discovery, item_id)
    form = _item_form(discovery, item)
    if not form.is_submitted():
        form.version.reset_to(item)
        form.size.data = item.size or ""
        form.needs.data = [str(n.id) for n in item.needs]
        form.themes.data = [str(t.id) for t in item.themes if t.is_live]
        form.stages.data = [str(s.id) for s in item.journey_stages]
    if form.validate_on_submit():
        try:
            services.update_item(item, _data(form), person(), expected_version=form.version.expected)
        except services.StaleItemError:
            return refuse_stale_edit(
                form, item, str(STALE), "backlog/form.html", discovery=discovery, item=item
            )
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, TITLE_TAKEN)
        except services.BacklogError:
            abort(400)
        else:
            flash(_("Backlog item %(number)d saved", number=item.number), "success")
            return redirect(_item_url(item))
    return render_template("backlog/form.html", discovery=discovery, form=form, item=item)


@bp.route("/<uuid:item_id>/findings", methods=["GET", "POST"])
@requires(C.MANAGE_BACKLOG)
def cite_findings(discovery, item_id: uuid.UUID):
    item = services.item_or_404(discovery, item_id)
    candidates, suggested = services.candidate_findings(item)
    form = CiteFindingsForm(finding_ids=[f.id for f in candidates])
    if not form.is_submitted():
        form.version.reset_to(item)
        cited = services.item_evidence(item).direct
        form.finding.data = [str(f.id) for f in candidates if f.id in cited]
    context = {"discovery": discovery, "item": item, "candidates": candidates, "suggested": suggested}
    if form.validate_on_submit():
        try:
            added, removed = services.set_findings(
                item,
                uuids_from(form.finding.data),
                person(),
                expected_version=form.version.expected,
                allowed=[f.id for f in candidates],
            )
        except services.StaleItemError:
            return refuse_stale_edit(form, item, str(STALE), "backlog/cite_findings.html", **context)
        except services.BacklogError:
            abort(400)
        flash(
            _("Cited findings saved: %(added)d added, %(removed)d removed", added=added, removed=removed),
            "success",
        )
        return redirect(_item_url(item))
    return render_template("backlog/cite_findings.html", form=form, **context)


@bp.route("/<uuid:item_id>/delete", methods=["GET", "POST"])
@requires(C.MANAGE_BACKLOG)
def delete_item(discovery, item_id: uuid.UUID):
    item = services.item_or_404(discovery, item_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        number = item.number
        services.delete_item(item, person())
        flash(_("Backlog item %(number)d deleted", number=number), "success")
        return redirect(url_for("backlog.list_items", discovery_id=discovery.id))
    return render_template("backlog/delete.html", discovery=discovery, item=item, form=form)


def _download(discovery, file_format: str, render, mimetype: str, suffix: str):
    items = services.export_items(discovery)
    services.record_exported(discovery, file_format, len(items), person())
    return private_download(render(items), mimetype, f"{discovery.slug}-{suffix}")


@bp.route("/export/jira.csv")
@requires(C.MANAGE_BACKLOG)
def export_jira(discovery):
    return _download(discovery, "jira_csv", export.jira_csv, "text/csv", "backlog-jira.csv")


@bp.route("/export/backlog.csv")
@requires(C.MANAGE_BACKLOG)
def export_csv(discovery):
    return _download(discovery, "csv", export.generic_csv, "text/csv", "backlog.csv")


@bp.route("/export/backlog.json")
@requires(C.MANAGE_BACKLOG)
def export_json(discovery):
    return _download(discovery, "json", export.items_json, "application/json", "backlog.json")


@bp.route("/import", methods=["GET", "POST"])
@requires(C.MANAGE_BACKLOG)
def import_items(discovery):
    form = ImportForm(discovery=discovery)
    if form.validate_on_submit():
        try:
            result = importer.apply_import(discovery, form.plan, person(), form.filename)
        except services.StaleItemError:
            show_duplicate(form, DuplicateValueError("file"), str(IMPORT_STALE))
            return render_template("backlog/import.html", discovery=discovery, form=form), 409
        else:
            flash(
                ngettext(
                    "Backlog CSV imported: %(num)d item changed",
                    "Backlog CSV imported: %(num)d items changed",
                    result.changed,
                ),
                "success",
            )
            return redirect(
                url_for("backlog.import_result", discovery_id=discovery.id, import_id=result.import_id)
            )
    return render_template("backlog/import.html", discovery=discovery, form=form)


@bp.route("/imports/<uuid:import_id>")
@requires(C.MANAGE_BACKLOG)
def import_result(discovery, import_id: uuid.UUID):
    event = importer.import_summary(discovery, import_id, person()) or abort(404)
    return render_template("backlog/import_result.html", discovery=discovery, event=event)
