"""Theme pages: suggest themes, review them, follow a run, undo a change, download the CSV."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from discovery.core.downloads import private_download
from discovery.core.form_fields import uuids_from
from discovery.core.permissions import Capability, can, person, requires
from discovery.core.stale import refuse_stale_edit
from discovery.core.writes import DuplicateValueError, show_duplicate
from discovery.themes import export, reader, review, runs, services, theme_map
from discovery.themes.forms import (
    LABEL_TAKEN,
    AdditionsForm,
    EmbedderForm,
    FindingsForm,
    MergeForm,
    RenameForm,
    RunForm,
    SplitForm,
    ThemeActionForm,
)
from research_notes.findings.forms import tag_choices
from research_notes.notes import services as notes_services
from research_notes.tags import services as tag_services

bp = Blueprint("themes", __name__, url_prefix="/discoveries/<uuid:discovery_id>/themes")
C = Capability
STALE = _l(
    "Someone else changed this theme while you were looking at it. "
    "It is shown as it is now: check it, then try again."
)


@contextmanager
def _refusals_shown() -> Iterator[None]:
    """A refused review button becomes an error banner on the page it returns to.

    Whatever follows the action inside the block (its success message) is skipped.
    """
    try:
        yield
    except review.StaleThemeError:
        flash(str(STALE), "error")
    except DuplicateValueError:
        flash(str(LABEL_TAKEN), "error")
    except review.ReviewError as error:
        flash(str(error), "error")


def _first_error(form) -> None:
    flash(next(iter(form.errors.values()))[0], "error")


def _theme_url(theme) -> str:
    return url_for("themes.view_theme", discovery_id=theme.discovery_id, theme_id=theme.id)


def _run_form(discovery, formdata=None) -> RunForm:
    return RunForm(
        formdata=formdata,
        tag_choices=tag_choices(tag_services.tags_for(discovery)),
        authorities=discovery.authorities,
        notes=[row.note for row in notes_services.list_notes(discovery) if row.findings],
    )


def _reading(discovery) -> dict:
    """The "How findings are read" panel: counted once per page, as it reads every finding."""
    status = reader.status(discovery)
    return {"reading": status, "embedder_form": EmbedderForm(embedder=status.embedder)}


@bp.route("")
@requires(C.READ_THEMES)
def list_themes(discovery):
    reviewer = can(person(), C.REVIEW_THEMES, discovery)
    statuses = ("accepted", "suggested") if reviewer else ("accepted",)
    unclustered = services.unclustered(discovery, limit=0)[0] if reviewer else 0
    return render_template(
        "themes/list.html",
        discovery=discovery,
        reviewer=reviewer,
        cards=services.cards(discovery, statuses),
        history=services.cards(discovery, ("rejected", "merged")) if reviewer else [],
        latest=runs.latest_run(discovery),
        active=runs.active_run_job(discovery) if reviewer else None,
        unclustered_count=unclustered,
        run_form=_run_form(discovery) if reviewer else None,
        replaceable=runs.replaceable_count(discovery) if reviewer else 0,
        **(_reading(discovery) if reviewer else {"reading": None, "embedder_form": None}),
    )


@bp.route("/run", methods=["POST"])
@requires(C.REVIEW_THEMES)
def start_run(discovery):
    form = _run_form(discovery, request.form)
    if not form.validate_on_submit():
        return render_template(
            "themes/list.html",
            discovery=discovery,
            reviewer=True,
            form=form,
            run_form=form,
            cards=services.cards(discovery),
            history=services.cards(discovery, ("rejected", "merged")),
            latest=runs.latest_run(discovery),
            active=runs.active_run_job(discovery),
            unclustered_count=services.unclustered(discovery, limit=0)[0],
            replaceable=runs.replaceable_count(discovery),
            **_reading(discovery),
        ), 400
    payload = runs.ClusterPayload(
        granularity=form.granularity.data,
        seed_from_tags=bool(form.from_tags.data),
        tag_ids=list(form.tag.data or []),
        kinds=list(form.kind.data or []),
        segments=list(form.segment.data or []),
        authority_ids=list(form.authority.data or []),
        journey_stages=list(form.stage.data or []),
        note_ids=list(form.note.data or []),
    )
    try:
        job = runs.start_run(discovery, person(), payload)
    except runs.RunInProgressError as error:
        flash(
            _("Themes are already being suggested for this discovery. Wait for that run to finish."), "error"
        )
        return redirect(url_for("jobs.view_job", discovery_id=discovery.id, job_id=error.job.id))
    return redirect(url_for("jobs.view_job", discovery_id=discovery.id, job_id=job.id))


@bp.route("/reading", methods=["POST"])
@requires(C.REVIEW_THEMES)
def change_embedder(discovery):
    form = EmbedderForm()
    if not form.validate_on_submit():
        _first_error(form)
        return redirect(url_for("themes.list_themes", discovery_id=discovery.id, _anchor="reading"))
    job = reader.change(discovery, form.embedder.data, person())
    if job is None:
        flash(_("Findings are already read this way. Nothing was changed."), "info")
        return redirect(url_for("themes.list_themes", discovery_id=discovery.id, _anchor="reading"))
    flash(
        _(
            "Findings will now be read this way. Every finding is being read again in the background; "
            "themes already made stay as they are."
        ),
        "success",
    )
    return redirect(url_for("jobs.view_job", discovery_id=discovery.id, job_id=job.id))


@bp.route("/runs/<uuid:run_id>")
@requires(C.REVIEW_THEMES)
def view_run(discovery, run_id: uuid.UUID):
    run = services.run_or_404(discovery, run_id)
    points = services.map_points(run)
    themes = {t.id: t for t in services.themes_by_ids(discovery, {p.theme_id for p in points if p.theme_id})}
    in_run = [uuid.UUID(t["theme_id"]) for t in run.changes.get("themes", [])]
    named = services.themes_by_ids(discovery, in_run)
    return render_template(
        "themes/run.html",
        discovery=discovery,
        run=run,
        latest=runs.latest_run(discovery),
        runs=services.runs_for(discovery),
        theme_map=theme_map.build(points, themes),
        current={str(t.id): t for t in named},
    )


@bp.route("/export.csv")
@requires(C.REVIEW_THEMES)
def export_themes(discovery):
    latest = runs.latest_run(discovery)
    run_id = request.args.get("run")
    run = (
        services.run_or_404(discovery, uuids_from([run_id])[0]) if run_id and uuids_from([run_id]) else latest
    )
    if run is None:
        abort(404)
    data = export.themes_csv(run, latest=latest is not None and run.id == latest.id)
    return private_download(data, "text/csv", f"{discovery.slug}-themes.csv")


@bp.route("/unclustered", methods=["GET", "POST"])
@requires(read=C.REVIEW_THEMES, write=C.REVIEW_THEMES)
def unclustered(discovery):
    total, findings = services.unclustered(discovery, limit=500)
    live = services.cards(discovery)
    form = FindingsForm(finding_ids=[f.id for f in findings], themes=[c.theme for c in live])
    if form.validate_on_submit():
        target = (
            services.theme_or_404(discovery, uuids_from([form.target.data])[0]) if form.target.data else None
        )
        try:
            change = review.move_findings(
                discovery, uuids_from(form.finding.data), target, person(), new_label=form.new_label.data
            )
        except DuplicateValueError as duplicate:
            show_duplicate(
                form,
                duplicate if duplicate.field != "label" else DuplicateValueError("new_label"),
                LABEL_TAKEN,
            )
        except review.ReviewError as error:
            form.finding.errors = [*form.finding.errors, str(error)]
        else:
            flash(_("Findings moved to ‘%(label)s’", label=change.summary.get("label", "")), "success")
            return redirect(url_for("themes.unclustered", discovery_id=discovery.id))
    return render_template(
        "themes/unclustered.html", discovery=discovery, form=form, findings=findings, total=total
    )


@bp.route("/<uuid:theme_id>")
@requires(C.READ_THEMES)
def view_theme(discovery, theme_id: uuid.UUID):
    theme = services.theme_or_404(discovery, theme_id)
    reviewer = can(person(), C.REVIEW_THEMES, discovery)
    if not reviewer and theme.status != "accepted":
        abort(404)
    card = services.card(theme, _page_number())
    others = services.other_live_themes(theme)
    offered = services.offered_findings(theme) if reviewer else []
    history = services.history(theme) if reviewer else []
    return render_template(
        "themes/theme.html",
        discovery=discovery,
        theme=theme,
        card=card,
        reviewer=reviewer,
        action_form=_versioned(ThemeActionForm(), theme),
        findings_form=_versioned(
            FindingsForm(formdata=None, finding_ids=[f.id for f in card.findings], themes=others), theme
        ),
        additions_form=_versioned(AdditionsForm(formdata=None, finding_ids=[f.id for f in offered]), theme),
        offered=offered,
        history=[(change, services.undoable(change)) for change in history],
        merged_into=theme.merged_into,
    )


def _page_number() -> int:
    """The page of a theme's findings asked for; anything but a whole number is page 1."""
    try:
        return int(request.args.get("page", "1"))
    except ValueError:
        return 1


def _versioned(form, theme):
    form.version.reset_to(theme)
    return form


def _act(discovery, theme_id: uuid.UUID, action, message: str):
    theme = services.theme_or_404(discovery, theme_id)
    form = ThemeActionForm()
    if form.validate_on_submit():
        with _refusals_shown():
            review.check_version(theme, form.version.data)
            action(theme, person())
            flash(message % {"label": theme.label}, "success")
    return redirect(_theme_url(theme))


@bp.route("/<uuid:theme_id>/accept", methods=["POST"])
@requires(C.REVIEW_THEMES)
def accept_theme(discovery, theme_id: uuid.UUID):
    return _act(discovery, theme_id, review.accept, _("Theme ‘%(label)s’ accepted"))


@bp.route("/<uuid:theme_id>/reject", methods=["POST"])
@requires(C.REVIEW_THEMES)
def reject_theme(discovery, theme_id: uuid.UUID):
    return _act(discovery, theme_id, review.reject, _("Theme ‘%(label)s’ rejected"))


@bp.route("/<uuid:theme_id>/reviewed", methods=["POST"])
@requires(C.REVIEW_THEMES)
def mark_reviewed(discovery, theme_id: uuid.UUID):
    return _act(discovery, theme_id, review.mark_reviewed, _("Theme ‘%(label)s’ marked as reviewed"))


@bp.route("/<uuid:theme_id>/rename", methods=["GET", "POST"])
@requires(read=C.REVIEW_THEMES, write=C.REVIEW_THEMES)
def rename_theme(discovery, theme_id: uuid.UUID):
    theme = services.theme_or_404(discovery, theme_id)
    form = RenameForm(obj=theme)
    if request.method == "GET":
        form.version.reset_to(theme)
    if form.validate_on_submit():
        try:
            review.check_version(theme, form.version.data)
            review.rename(theme, form.label.data, form.description.data, person())
        except review.StaleThemeError:
            return refuse_stale_edit(
                form, theme, str(STALE), "themes/rename.html", discovery=discovery, theme=theme
            )
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, LABEL_TAKEN)
        except review.ReviewError as error:
            form.label.errors = [*form.label.errors, str(error)]
        else:
            flash(_("Theme renamed to ‘%(label)s’", label=theme.label), "success")
            return redirect(_theme_url(theme))
    return render_template("themes/rename.html", discovery=discovery, theme=theme, form=form)


@bp.route("/<uuid:theme_id>/merge", methods=["GET", "POST"])
@requires(read=C.REVIEW_THEMES, write=C.REVIEW_THEMES)
def merge_themes(discovery, theme_id: uuid.UUID):
    theme = services.theme_or_404(discovery, theme_id)
    others = [c.theme for c in services.cards(discovery) if c.theme.id != theme.id]
    form = MergeForm(themes=others)
    if request.method == "GET":
        form.version.reset_to(theme)
    if form.validate_on_submit():
        sources = services.themes_by_ids(discovery, uuids_from(form.sources.data))
        try:
            review.check_version(theme, form.version.data)
            change = review.merge(theme, sources, person())
        except review.StaleThemeError:
            return refuse_stale_edit(
                form, theme, str(STALE), "themes/merge.html", discovery=discovery, theme=theme
            )
        except review.ReviewError as error:
            form.sources.errors = [*form.sources.errors, str(error)]
        else:
            flash(
                ngettext(
                    "%(num)d theme merged into ‘%(label)s’",
                    "%(num)d themes merged into ‘%(label)s’",
                    len(sources),
                    label=theme.label,
                ),
                "success",
            )
            return redirect(_theme_url(theme)) if change else None
    return render_template("themes/merge.html", discovery=discovery, theme=theme, form=form)


@bp.route("/<uuid:theme_id>/split", methods=["GET", "POST"])
@requires(read=C.REVIEW_THEMES, write=C.REVIEW_THEMES)
def split_theme(discovery, theme_id: uuid.UUID):
    theme = services.theme_or_404(discovery, theme_id)
    form = SplitForm()
    if request.method == "GET":
        form.version.reset_to(theme)
        form.parts.data = 2
    preview = None
    if form.validate_on_submit():
        try:
            review.check_version(theme, form.version.data)
            if form.apply.data:
                review.split(theme, form.parts.data, person())
                flash(
                    _(
                        "Theme ‘%(label)s’ split into %(count)d themes",
                        label=theme.label,
                        count=form.parts.data,
                    ),
                    "success",
                )
                return redirect(_theme_url(theme))
            preview = review.split_preview(theme, form.parts.data)
        except review.StaleThemeError:
            return refuse_stale_edit(
                form, theme, str(STALE), "themes/split.html", discovery=discovery, theme=theme, preview=None
            )
        except review.ReviewError as error:
            form.parts.errors = [*form.parts.errors, str(error)]
    return render_template("themes/split.html", discovery=discovery, theme=theme, form=form, preview=preview)


@bp.route("/<uuid:theme_id>/findings", methods=["POST"])
@requires(C.REVIEW_THEMES)
def move_findings(discovery, theme_id: uuid.UUID):
    theme = services.theme_or_404(discovery, theme_id)
    others = services.other_live_themes(theme)
    member_ids = [m.finding_id for m in theme.memberships if m.state == "member"]
    form = FindingsForm(finding_ids=member_ids, themes=others)
    if not form.validate_on_submit():
        _first_error(form)
        return redirect(_theme_url(theme))
    chosen = uuids_from(form.finding.data)
    with _refusals_shown():
        review.check_version(theme, form.version.data)
        if form.remove.data:
            review.remove_findings(theme, chosen, person())
            flash(
                ngettext(
                    "%(num)d finding removed from ‘%(label)s’",
                    "%(num)d findings removed from ‘%(label)s’",
                    len(chosen),
                    label=theme.label,
                ),
                "success",
            )
        else:
            target = (
                services.theme_or_404(discovery, uuids_from([form.target.data])[0])
                if form.target.data
                else None
            )
            change = review.move_findings(
                discovery, chosen, target, person(), new_label=form.new_label.data, source=theme
            )
            flash(
                ngettext(
                    "%(num)d finding moved to ‘%(label)s’",
                    "%(num)d findings moved to ‘%(label)s’",
                    len(chosen),
                    label=change.summary["label"],
                ),
                "success",
            )
    return redirect(_theme_url(theme))


@bp.route("/<uuid:theme_id>/additions", methods=["POST"])
@requires(C.REVIEW_THEMES)
def review_additions(discovery, theme_id: uuid.UUID):
    theme = services.theme_or_404(discovery, theme_id)
    offered = [m.finding_id for m in theme.memberships if m.state == "offered"]
    form = AdditionsForm(finding_ids=offered)
    if not form.validate_on_submit():
        _first_error(form)
        return redirect(_theme_url(theme))
    chosen = uuids_from(form.finding.data)
    with _refusals_shown():
        review.check_version(theme, form.version.data)
        if form.accept.data:
            review.accept_additions(theme, chosen, person())
            flash(
                ngettext(
                    "%(num)d finding added to ‘%(label)s’",
                    "%(num)d findings added to ‘%(label)s’",
                    len(chosen),
                    label=theme.label,
                ),
                "success",
            )
        else:
            review.decline_additions(theme, chosen, person())
            flash(
                ngettext(
                    "%(num)d suggested addition declined", "%(num)d suggested additions declined", len(chosen)
                ),
                "success",
            )
    return redirect(_theme_url(theme))


@bp.route("/changes/<uuid:change_id>/undo", methods=["POST"])
@requires(C.REVIEW_THEMES)
def undo_change(discovery, change_id: uuid.UUID):
    change = services.change_or_404(discovery, change_id)
    back = request.form.get("theme_id")
    form = ThemeActionForm()
    if form.validate_on_submit():
        with _refusals_shown():
            review.undo(change, person())
            flash(_("Change undone"), "success")
    theme_ids = uuids_from([back]) or uuids_from(list(change.before) or list(change.after))
    themes = services.themes_by_ids(discovery, theme_ids)
    if themes:
        return redirect(_theme_url(themes[0]))
    return redirect(url_for("themes.list_themes", discovery_id=discovery.id))
