"""Research plan pages: the plan, writing, moving and deleting questions, writing and deleting
hypotheses and assumptions, and setting sample targets.

Anyone who may see the discovery reads its plan; its researchers and admin members change it
(``EDIT_DISCOVERY``), as they change the discovery's other details."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from discovery.core.forms import ConfirmForm
from discovery.core.permissions import Capability, can, person, requires
from discovery.core.stale import refuse_stale_edit
from discovery.core.writes import DuplicateValueError, show_duplicate
from discovery.plan import services
from discovery.plan.forms import (
    HYPOTHESIS_TAKEN,
    QUESTION_TAKEN,
    HypothesisForm,
    MoveForm,
    QuestionForm,
    TargetsForm,
)

bp = Blueprint("plan", __name__, url_prefix="/discoveries/<uuid:discovery_id>/plan")
C = Capability
QUESTION_STALE = _l(
    "Someone else changed this research question while you were editing it. Your changes have not "
    "been saved. Your text is still below: check it against the saved question, then save again"
)
HYPOTHESIS_STALE = _l(
    "Someone else changed this hypothesis or assumption while you were editing it. Your changes "
    "have not been saved. Your text is still below: check it against the saved one, then save again"
)


def _plan_url(discovery, anchor: str | None = None) -> str:
    return url_for("plan.view_plan", discovery_id=discovery.id, _anchor=anchor)


@bp.route("")
@requires(C.VIEW_DISCOVERY)
def view_plan(discovery):
    return render_template(
        "plan/plan.html",
        discovery=discovery,
        questions=services.questions(discovery),
        hypotheses=services.hypotheses(discovery),
        progress=services.progress(discovery),
        editor=can(person(), C.EDIT_DISCOVERY, discovery),
        move_form=MoveForm(),
    )


# Research questions ----------------------------------------------------------------------------


@bp.route("/questions/new", methods=["GET", "POST"])
@requires(C.EDIT_DISCOVERY)
def add_question(discovery):
    form = QuestionForm(discovery=discovery)
    if form.validate_on_submit():
        try:
            services.add_question(discovery, form.text.data, person())
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, QUESTION_TAKEN)
        else:
            flash(_("Research question added"), "success")
            return redirect(_plan_url(discovery, "questions"))
    return render_template("plan/question_form.html", discovery=discovery, form=form, question=None)


@bp.route("/questions/<uuid:question_id>/edit", methods=["GET", "POST"])
@requires(C.EDIT_DISCOVERY)
def edit_question(discovery, question_id: uuid.UUID):
    question = services.question_or_404(discovery, question_id)
    form = QuestionForm(obj=question, discovery=discovery, question=question)
    if not form.is_submitted():
        form.version.reset_to(question)
    if form.validate_on_submit():
        try:
            services.update_question(
                question, form.text.data, person(), expected_version=form.version.expected
            )
        except services.StalePlanError:
            return refuse_stale_edit(
                form,
                question,
                str(QUESTION_STALE),
                "plan/question_form.html",
                discovery=discovery,
                question=question,
            )
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, QUESTION_TAKEN)
        else:
            flash(_("Research question saved"), "success")
            return redirect(_plan_url(discovery, "questions"))
    return render_template("plan/question_form.html", discovery=discovery, form=form, question=question)


@bp.route("/questions/<uuid:question_id>/move", methods=["POST"])
@requires(C.EDIT_DISCOVERY)
def move_question(discovery, question_id: uuid.UUID):
    question = services.question_or_404(discovery, question_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        moved = services.move_question(question, -1 if form.direction.data == "up" else 1, person())
    except services.StalePlanError:
        flash(_("Someone else changed the research questions at the same time. Check the order"), "error")
        return redirect(_plan_url(discovery, "questions"))
    if moved:
        flash(_("Research question moved"), "success")
    return redirect(_plan_url(discovery, "questions"))


@bp.route("/questions/<uuid:question_id>/delete", methods=["GET", "POST"])
@requires(C.EDIT_DISCOVERY)
def delete_question(discovery, question_id: uuid.UUID):
    question = services.question_or_404(discovery, question_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_question(question, person())
        flash(_("Research question deleted"), "success")
        return redirect(_plan_url(discovery, "questions"))
    return render_template(
        "plan/delete.html",
        discovery=discovery,
        form=form,
        heading=_("Are you sure you want to delete this research question?"),
        text=question.text,
        confirm=_("Yes, delete this research question"),
    )


# Hypotheses and assumptions --------------------------------------------------------------------


@bp.route("/hypotheses/new", methods=["GET", "POST"])
@requires(C.EDIT_DISCOVERY)
def add_hypothesis(discovery):
    form = HypothesisForm(discovery=discovery)
    if form.validate_on_submit():
        try:
            services.add_hypothesis(discovery, form.text.data, form.kind.data, form.status.data, person())
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, HYPOTHESIS_TAKEN)
        else:
            flash(_("Hypothesis or assumption added"), "success")
            return redirect(_plan_url(discovery, "hypotheses"))
    return render_template("plan/hypothesis_form.html", discovery=discovery, form=form, hypothesis=None)


@bp.route("/hypotheses/<uuid:hypothesis_id>/edit", methods=["GET", "POST"])
@requires(C.EDIT_DISCOVERY)
def edit_hypothesis(discovery, hypothesis_id: uuid.UUID):
    hypothesis = services.hypothesis_or_404(discovery, hypothesis_id)
    form = HypothesisForm(obj=hypothesis, discovery=discovery, hypothesis=hypothesis)
    if not form.is_submitted():
        form.version.reset_to(hypothesis)
    if form.validate_on_submit():
        try:
            services.update_hypothesis(
                hypothesis,
                form.text.data,
                form.kind.data,
                form.status.data,
                person(),
                expected_version=form.version.expected,
            )
        except services.StalePlanError:
            return refuse_stale_edit(
                form,
                hypothesis,
                str(HYPOTHESIS_STALE),
                "plan/hypothesis_form.html",
                discovery=discovery,
                hypothesis=hypothesis,
            )
        except DuplicateValueError as duplicate:
            show_duplicate(form, duplicate, HYPOTHESIS_TAKEN)
        else:
            flash(_("Hypothesis or assumption saved"), "success")
            return redirect(_plan_url(discovery, "hypotheses"))
    return render_template("plan/hypothesis_form.html", discovery=discovery, form=form, hypothesis=hypothesis)


@bp.route("/hypotheses/<uuid:hypothesis_id>/delete", methods=["GET", "POST"])
@requires(C.EDIT_DISCOVERY)
def delete_hypothesis(discovery, hypothesis_id: uuid.UUID):
    hypothesis = services.hypothesis_or_404(discovery, hypothesis_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_hypothesis(hypothesis, person())
        flash(_("Hypothesis or assumption deleted"), "success")
        return redirect(_plan_url(discovery, "hypotheses"))
    return render_template(
        "plan/delete.html",
        discovery=discovery,
        form=form,
        heading=_("Are you sure you want to delete this hypothesis or assumption?"),
        text=hypothesis.text,
        confirm=_("Yes, delete it"),
    )


# Sample targets --------------------------------------------------------------------------------


@bp.route("/sample-targets", methods=["GET", "POST"])
@requires(C.EDIT_DISCOVERY)
def set_targets(discovery):
    form = TargetsForm()
    if not form.is_submitted():
        form.fill(services.targets(discovery))
        form.version.reset_to(discovery)
    if form.validate_on_submit():
        try:
            services.set_targets(discovery, form.targets(), person(), expected_version=form.version.expected)
        except services.StalePlanError:
            return refuse_stale_edit(
                form,
                discovery,
                _(
                    "Someone else changed this discovery's sample targets or details while you were "
                    "editing them. Your changes have not been saved. Check the targets below, then "
                    "save again"
                ),
                "plan/targets.html",
                discovery=discovery,
                participants=services.participants_by_segment(discovery),
            )
        flash(_("Sample targets saved"), "success")
        return redirect(_plan_url(discovery, "sample-targets"))
    return render_template(
        "plan/targets.html",
        discovery=discovery,
        form=form,
        participants=services.participants_by_segment(discovery),
    )
