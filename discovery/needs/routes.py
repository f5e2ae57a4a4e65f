"""User-needs pages: the list, one need, drafts from a theme, writing, citing and deleting."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from discovery.core.form_fields import uuids_from
from discovery.core.forms import ConfirmForm
from discovery.core.permissions import Capability, can, person, requires
from discovery.core.stale import refuse_stale_edit
from discovery.core.writes import DuplicateValueError, show_duplicate
from discovery.needs import services
from discovery.needs.forms import NEED_TAKEN, DraftsForm, LinkFindingsForm, NeedFilterForm, NeedForm
from discovery.themes import services as theme_services

bp = Blueprint("needs", __name__, url_prefix="/discoveries/<uuid:discovery_id>/needs")
bp.add_app_template_global(services.needs_for_theme, "theme_needs")
C = Capability
STALE = _l(
    "Someone else changed this user need while you were editing it. Your changes have not been "
    "saved. Your text is still below: check it against the saved need, then save again"
)
NOT_ACCEPTED = _l("Accept this theme before writing user needs from it")


def _reviewer(discovery) -> bool:
    return can(person(), C.REVIEW_THEMES, discovery)


def _need_url(need) -> str:
    return url_for("needs.view_need", discovery_id=need.discovery_id, need_id=need.id)


def _data(form: NeedForm) -> services.NeedData:
    return services.NeedData(
        who=form.who.data,
        need=form.need.data,
        goal=form.goal.data or "",
        status=form.status.data,
        segment=form.segment.data or None,
        theme_ids=tuple(uuids_from(form.themes.data)),
    )


@bp.route("")
@requires(C.READ_THEMES)
def list_needs(discovery):
    reviewer = _reviewer(discovery)
    shown = services.theme_statuses(reviewer)
    themes = services.themes_for(discovery, shown)
    form = NeedFilterForm(formdata=request.args, themes=themes)
    valid = lambda field: tuple(v for v in (field.data or []) if v in {c.value for c in field.iter_choices()})  # noqa: E731
    filters = services.NeedFilters(
        segments=valid(form.segment),
        statuses=valid(form.status),
        theme_ids=tuple(uuids_from(valid(form.theme))),
    )
    return render_template(
        "needs/list.html",
        discovery=discovery,
        reviewer=reviewer,
        filter_form=form,
        filters=filters,
        rows=services.rows(discovery, filters, themes_shown=shown),
        total=services.count(discovery),
    )


@bp.route("/<uuid:need_id>")
@requires(C.READ_THEMES)
def view_need(discovery, need_id: uuid.UUID):
    need = services.need_or_404(discovery, need_id)
    reviewer = _reviewer(discovery)
    row = services.row(need, themes_shown=services.theme_statuses(reviewer))
    return render_template(
        "needs/need.html",
        discovery=discovery,
        need=need,
        row=row,
        reviewer=reviewer,
        history=services.history(need) if reviewer else [],
    )


@bp.route("/from-theme/<uuid:theme_id>", methods=["GET", "POST"])
@requires(read=C.REVIEW_THEMES, write=C.REVIEW_THEMES)
def draft_needs(discovery, theme_id: uuid.UUID):
    theme = theme_services.theme_or_404(discovery, theme_id)
    if theme.status != "accepted":
        if request.method == "POST":
            flash(str(NOT_ACCEPTED), "error")
            return redirect(url_for("themes.view_theme", discovery_id=discovery.id, theme_id=theme.id))
        return render_template("needs/draft.html", discovery=discovery, theme=theme, accepted=False)
    findings = services.theme_findings(theme)
    drafts = services.drafts_from(theme, findings) if request.method == "GET" else []
    form = DraftsForm(
        discovery=discovery,
        data={
            "drafts": [
                {
                    "save": False,
                    "who": d.who,
                    "need": d.need,
                    "goal": d.goal,
                    "segment": d.segment or "",
                    "findings": " ".join(str(i) for i in d.finding_ids),
                }
                for d in drafts
            ]
        },
    )
    if form.validate_on_submit():
        chosen = []
        for entry in form.ticked:
            segment = entry.segment.data or None
            cited = uuids_from((entry.findings.data or "").split())
            data = services.NeedData(
                who=entry.who.data, need=entry.need.data, goal=entry.goal.data or "", segment=segment
            )
            chosen.append((data, cited))
        try:
            saved = services.save_drafts(discovery, theme, chosen, person())
        except DuplicateValueError:
            flash(str(NEED_TAKEN), "error")
        except services.NeedError:
            abort(400)
        else:
            flash(ngettext("%(num)d user need saved", "%(num)d user needs saved", len(saved)), "success")
            return redirect(url_for("needs.list_needs", discovery_id=discovery.id, theme=str(theme.id)))
    cited = [
        [findings[i] for i in uuids_from((entry.form.findings.data or "").split()) if i in findings]
        for entry in form.drafts.entries
    ]
    return render_template(
        "needs/draft.html",
        discovery=discovery,
        theme=theme,
        accepted=True,
        form=form,
        cited=cited,
        finding_count=len(findings),
        named_solutions=services.named_solutions,
    )


def _need_form(discovery, need=None) -> NeedForm:
    return NeedForm(
        obj=need,
        discovery=discovery,
        need=need,
        themes=services.themes_for(discovery),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(read=C.REVIEW_THEMES, write=C.REVIEW_THEMES)
def add_need(discovery):
    form = _need_form(discovery)
    if not form.is_submitted():
        form.themes.data = [str(i) for i in uuids_from([request.args.get("theme")])]
    if form.validate_on_submit():
        try:
            need = services.create_need(discovery, _data(form), person())
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, NEED_TAKEN)
        except services.NeedError:
            abort(400)
        else:
            flash(_("User need saved"), "success")
            return redirect(_need_url(need))
    return render_template("needs/form.html", discovery=discovery, form=form, need=None)


@bp.route("/<uuid:need_id>/edit", methods=["GET", "POST"])
@requires(read=C.REVIEW_THEMES, write=C.REVIEW_THEMES)
def edit_need(discovery, need_id: uuid.UUID):
    need = services.need_or_404(discovery, need_id)
    form = _need_form(discovery, need)
    if not form.is_submitted():
        form.version.reset_to(need)
        form.segment.data = need.segment or ""
        form.themes.data = [str(t.id) for t in need.themes if t.is_live]
    if form.validate_on_submit():
        try:
            services.update_need(need, _data(form), person(), expected_version=form.version.expected)
        except services.StaleNeedError:
            return refuse_stale_edit(
                form, need, str(STALE), "needs/form.html", discovery=discovery, need=need
            )
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, NEED_TAKEN)
        except services.NeedError:
            abort(400)
        else:
            flash(_("User need saved"), "success")
            return redirect(_need_url(need))
    return render_template("needs/form.html", discovery=discovery, form=form, need=need)


@bp.route("/<uuid:need_id>/findings", methods=["GET", "POST"])
@requires(read=C.REVIEW_THEMES, write=C.REVIEW_THEMES)
def link_findings(discovery, need_id: uuid.UUID):
    need = services.need_or_404(discovery, need_id)
    candidates = services.candidate_findings(need)
    form = LinkFindingsForm(finding_ids=[f.id for f in candidates])
    if not form.is_submitted():
        form.version.reset_to(need)
        cited = {f.id for f in services.row(need).findings}
        form.finding.data = [str(f.id) for f in candidates if f.id in cited]
    if form.validate_on_submit():
        try:
            added, removed = services.set_findings(
                need,
                uuids_from(form.finding.data),
                person(),
                expected_version=form.version.expected,
                allowed=[f.id for f in candidates],
            )
        except services.StaleNeedError:
            return refuse_stale_edit(
                form,
                need,
                str(STALE),
                "needs/link_findings.html",
                discovery=discovery,
                need=need,
                candidates=candidates,
            )
        flash(
            _("Cited findings saved: %(added)d added, %(removed)d removed", added=added, removed=removed),
            "success",
        )
        return redirect(_need_url(need))
    return render_template(
        "needs/link_findings.html", discovery=discovery, need=need, form=form, candidates=candidates
    )


@bp.route("/<uuid:need_id>/delete", methods=["GET", "POST"])
@requires(read=C.REVIEW_THEMES, write=C.REVIEW_THEMES)
def delete_need(discovery, need_id: uuid.UUID):
    need = services.need_or_404(discovery, need_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_need(need, person())
        flash(_("User need deleted"), "success")
        return redirect(url_for("needs.list_needs", discovery_id=discovery.id))
    return render_template("needs/delete.html", discovery=discovery, need=need, form=form)
