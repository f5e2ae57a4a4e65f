"""Every job's progress page, its JSON for polling, cancel and retry, and a discovery's job list."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from discovery import jobs
from discovery.core.forms import ConfirmForm
from discovery.core.permissions import requires
from discovery.jobs import presenter

bp = Blueprint("jobs", __name__)


@bp.route("/discoveries/<uuid:discovery_id>/jobs")
@requires("view_discovery")
def list_jobs(discovery):
    recent = jobs.recent_for_discovery(discovery)
    return render_template(
        "jobs/list.html", discovery=discovery, jobs=[(job, presenter.view(job)) for job in recent]
    )


@bp.route("/discoveries/<uuid:discovery_id>/jobs/<uuid:job_id>")
@requires("view_discovery")
def view_job(discovery, job_id: uuid.UUID):
    job = jobs.get_for_discovery_or_404(discovery, job_id)
    user = current_user._get_current_object()
    return render_template(
        "jobs/job.html",
        discovery=discovery,
        job=job,
        view=presenter.view(job),
        form=ConfirmForm(),
        may_cancel=jobs.can_cancel(user, job),
        may_retry=jobs.can_retry(user, job),
    )


@bp.route("/discoveries/<uuid:discovery_id>/jobs/<uuid:job_id>.json")
@requires("view_discovery")
def job_status(discovery, job_id: uuid.UUID):
    job = jobs.get_for_discovery_or_404(discovery, job_id)
    response = jsonify(presenter.as_json(job))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/discoveries/<uuid:discovery_id>/jobs/<uuid:job_id>/cancel", methods=["POST"])
@requires("view_discovery")
def cancel_job(discovery, job_id: uuid.UUID):
    job = jobs.get_for_discovery_or_404(discovery, job_id)
    user = current_user._get_current_object()
    if not jobs.can_cancel(user, job):
        abort(403)
    form = ConfirmForm()
    if form.validate_on_submit():
        if jobs.cancel(job, user):
            flash(_("The job will stop. Nothing it was doing will be saved."), "success")
        else:
            flash(_("The job had already finished, so it could not be cancelled."), "info")
    return redirect(url_for("jobs.view_job", discovery_id=discovery.id, job_id=job.id))


@bp.route("/discoveries/<uuid:discovery_id>/jobs/<uuid:job_id>/retry", methods=["POST"])
@requires("view_discovery")
def retry_job(discovery, job_id: uuid.UUID):
    job = jobs.get_for_discovery_or_404(discovery, job_id)
    user = current_user._get_current_object()
    if not jobs.can_retry(user, job):
        abort(403)
    form = ConfirmForm()
    if form.validate_on_submit():
        new = jobs.retry(job, user)
        flash(_("The job has been started again."), "success")
        return redirect(url_for("jobs.view_job", discovery_id=discovery.id, job_id=new.id))
    return redirect(url_for("jobs.view_job", discovery_id=discovery.id, job_id=job.id))
