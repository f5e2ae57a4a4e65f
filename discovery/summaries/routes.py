"""Summary pages: the leads' home, the summary (draft or published, whole or one authority), the
comparison across authorities, versions and what changed, the narrative, publishing, exports.

Who sees what is decided by capabilities: everyone taking part reads published versions
(``READ_SUMMARY``); the squad also reads the live draft and writes the narrative
(``EDIT_SUMMARY``); researchers publish (``PUBLISH_SUMMARY``). A lead never reaches the draft,
so nothing unpublished (or unredacted) is shown to them.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from discovery.core import services as core_services
from discovery.core.downloads import private_download
from discovery.core.form_fields import choices_from
from discovery.core.permissions import Capability, can, person, requires
from discovery.core.stale import refuse_stale_edit
from discovery.i18n import squad_choices
from discovery.plan import services as plan_services
from discovery.summaries import changes, services, tasks
from discovery.summaries.forms import (
    SECTION_LABELS,
    ExportForm,
    NarrativeForm,
    PublishForm,
    QuestionThemesForm,
)

bp = Blueprint("summaries", __name__)
C = Capability
PREFIX = "/discoveries/<uuid:discovery_id>/summary"
NARRATIVE_STALE = _l(
    "Someone else changed the narrative while you were editing it. Your changes have not been "
    "saved. Your text is still below: check it against the saved narrative, then save again"
)


def _squad(discovery) -> bool:
    return can(person(), C.EDIT_SUMMARY, discovery)


def _authority_code() -> str | None:
    return request.args.get("authority") or None


def _version_arg(name: str) -> int | None:
    """A version number from the query string; None when absent; 404 when it is not a number."""
    value = request.args.get(name)
    if value in (None, "", "draft"):
        return None
    if not value.isdigit():
        abort(404)
    return int(value)


@bp.route("/summaries")
@requires(C.LIST_DISCOVERIES)
def home():
    """Where a lead lands: the published summaries of the discoveries their councils take part in."""
    user = person()
    readable = [d for d in core_services.discoveries_for(user) if can(user, C.READ_SUMMARY, d)]
    rows = services.lead_rows(user, readable)
    return render_template("summaries/home.html", rows=rows)


@bp.route(PREFIX)
@requires(C.READ_SUMMARY)
def view_summary(discovery):
    code = _authority_code()
    if not _squad(discovery):
        latest = services.latest_version(discovery)
        if latest is None:
            return render_template("summaries/not_published.html", discovery=discovery)
        return _render_version(discovery, latest, code)
    return _render_summary(
        discovery,
        services.live_document(discovery, code),
        code,
        url_for("summaries.view_summary", discovery_id=discovery.id),
        may_publish=can(person(), C.PUBLISH_SUMMARY, discovery),
        questions=plan_services.questions(discovery),
    )


def _render_version(discovery, version, code: str | None):
    page_url = url_for("summaries.view_version", discovery_id=discovery.id, number=version.number)
    return _render_summary(discovery, services.version_document(version, code), code, page_url)


def _render_summary(discovery, document, code: str | None, page_url: str, *, may_publish=False, questions=()):
    """The draft or a version, whole or one authority's: one page, so both read the same."""
    return render_template(
        "summaries/summary.html",
        discovery=discovery,
        document=document,
        latest=services.latest_version(discovery),
        squad=_squad(discovery),
        may_publish=may_publish,
        authority_code=code,
        page_url=page_url,
        questions=list(questions),
    )


@bp.route(f"{PREFIX}/versions")
@requires(C.READ_SUMMARY)
def list_versions(discovery):
    return render_template(
        "summaries/versions.html",
        discovery=discovery,
        versions=[
            (v, services.version_info(v), services.evidence_counts(v)) for v in services.versions(discovery)
        ],
        squad=_squad(discovery),
    )


@bp.route(f"{PREFIX}/versions/<int:number>")
@requires(C.READ_SUMMARY)
def view_version(discovery, number: int):
    return _render_version(discovery, services.version_or_404(discovery, number), _authority_code())


@bp.route(f"{PREFIX}/comparison")
@requires(C.READ_SUMMARY)
def view_comparison(discovery):
    """Themes × authorities, from a published version (``?version=N``, the latest by default for
    leads) or, for the squad, from the draft."""
    number = _version_arg("version")
    if number is None and not _squad(discovery):
        latest = services.latest_version(discovery)
        if latest is None:
            return render_template("summaries/not_published.html", discovery=discovery)
        number = latest.number
    document = services.document_for(discovery, version_number=number, authority_code=None)
    return render_template(
        "summaries/comparison.html",
        discovery=discovery,
        document=document,
        squad=_squad(discovery),
    )


@bp.route(f"{PREFIX}/changes")
@requires(C.READ_SUMMARY)
def view_changes(discovery):
    """What changed between two versions (``?from=N&to=M``), or since the latest version in the
    draft (the squad's default)."""
    squad = _squad(discovery)
    published = services.versions(discovery)
    newer = _version_arg("to")
    older = _version_arg("from")
    if newer is None and not squad:
        if not published:
            return render_template("summaries/not_published.html", discovery=discovery)
        newer = published[0].number
    if older is None:
        candidates = [v.number for v in published if newer is None or v.number < newer]
        older = candidates[0] if candidates else None
    if older is None:
        return render_template(
            "summaries/changes.html",
            discovery=discovery,
            changes=None,
            older=None,
            newer=newer,
            squad=squad,
            versions=published,
        )
    old_document = services.document_for(discovery, version_number=older, authority_code=None)
    new_document = services.document_for(discovery, version_number=newer, authority_code=None)
    return render_template(
        "summaries/changes.html",
        discovery=discovery,
        changes=changes.compare(old_document, new_document),
        older=older,
        newer=newer,
        squad=squad,
        versions=published,
    )


@bp.route(f"{PREFIX}/narrative", methods=["GET", "POST"])
@requires(C.EDIT_SUMMARY)
def edit_narrative(discovery):
    draft = services.draft_for(discovery)
    form = NarrativeForm(obj=draft)
    if form.validate_on_submit():
        try:
            services.save_narrative(
                discovery, form.values(), person(), expected_version=form.version.expected
            )
        except services.StaleNarrativeError:
            return refuse_stale_edit(
                form,
                services.draft_for(discovery),
                NARRATIVE_STALE,
                "summaries/narrative_form.html",
                discovery=discovery,
                sections=SECTION_LABELS,
            )
        flash(_("Narrative saved"), "success")
        return redirect(url_for("summaries.view_summary", discovery_id=discovery.id))
    return render_template(
        "summaries/narrative_form.html", discovery=discovery, form=form, sections=SECTION_LABELS
    )


@bp.route(f"{PREFIX}/publish", methods=["GET", "POST"])
@requires(C.PUBLISH_SUMMARY)
def publish_summary(discovery):
    form = PublishForm()
    latest = services.latest_version(discovery)
    if form.validate_on_submit():
        try:
            version = services.publish(discovery, person())
        except services.NothingChangedError:
            flash(
                _(
                    "Nothing has changed since version %(number)s was published, so there is nothing "
                    "new to publish",
                    number=latest.number,
                ),
                "error",
            )
        except services.PublishClashError:
            flash(_("Someone else published a version at the same moment. Check the versions below"), "error")
            return redirect(url_for("summaries.list_versions", discovery_id=discovery.id))
        else:
            flash(_("Version %(number)s published", number=version.number), "success")
            return redirect(
                url_for("summaries.view_version", discovery_id=discovery.id, number=version.number)
            )
    document = services.live_document(discovery)
    return render_template(
        "summaries/publish.html",
        discovery=discovery,
        form=form,
        document=document,
        latest=latest,
        changes=changes.compare(services.version_document(latest), document) if latest else None,
    )


@bp.route(f"{PREFIX}/export", methods=["GET", "POST"])
@requires(C.READ_SUMMARY)
def export_summary(discovery):
    squad = _squad(discovery)
    published = services.versions(discovery)
    form = ExportForm(
        versions=published,
        draft_allowed=squad,
        authorities=services.reported_authorities(discovery),
        data=None if request.method == "POST" else {"source": request.args.get("version", "")},
    )
    if not squad and not published:
        return render_template("summaries/not_published.html", discovery=discovery)
    if form.validate_on_submit():
        job = tasks.start_export(discovery, person(), form.payload())
        return redirect(url_for("jobs.view_job", discovery_id=discovery.id, job_id=job.id))
    return render_template("summaries/export_form.html", discovery=discovery, form=form)


@bp.route(f"{PREFIX}/exports/<uuid:export_id>")
@requires(C.READ_SUMMARY)
def download_export(discovery, export_id: uuid.UUID):
    export = services.export_or_404(discovery, export_id, person())
    return private_download(export.data, tasks.MIMETYPES[export.format], export.filename)


@bp.route(f"{PREFIX}/questions/<uuid:question_id>/themes", methods=["GET", "POST"])
@requires(C.EDIT_SUMMARY)
def question_themes(discovery, question_id: uuid.UUID):
    question = plan_services.question_or_404(discovery, question_id)
    themes = services.accepted_themes(discovery)
    form = QuestionThemesForm()
    form.themes.choices = choices_from(squad_choices(themes, lambda t: t.label))
    if form.validate_on_submit():
        chosen = [uuid.UUID(v) for v in form.themes.data or []]
        services.set_question_themes(discovery, question, chosen, person())
        flash(_("Themes for this research question saved"), "success")
        return redirect(url_for("summaries.view_summary", discovery_id=discovery.id, _anchor="questions"))
    if not form.is_submitted():
        form.themes.data = [str(i) for i in services.question_theme_ids(question)]
    return render_template(
        "summaries/question_themes.html", discovery=discovery, question=question, form=form, themes=themes
    )
