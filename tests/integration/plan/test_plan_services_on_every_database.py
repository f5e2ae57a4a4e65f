"""The research plan's services on SQLite and PostgreSQL: participants counted by segment against
the targets, targets replaced all at once, questions reordered, a duplicate caught by the
database's unique constraint, and a stale edit refused."""

from __future__ import annotations

import pytest

from discovery.core.columns import utcnow
from discovery.core.models import AuditEvent, Hypothesis, ResearchQuestion
from discovery.core.writes import DuplicateValueError
from discovery.extensions import db
from discovery.plan import services as plan
from tests.factories import ALL_FACTORIES as F
from tests.support import count

pytestmark = pytest.mark.usefixtures("any_db_app")


def test_progress_targets_order_duplicates_and_staleness():
    user = F.user(role="researcher")
    discovery = F.discovery(members=[user])
    other = F.discovery(members=[user])
    for pseudonym, segment in (("P01", "resident"), ("P02", "resident"), ("P03", "provider")):
        F.participant(discovery=discovery, pseudonym=pseudonym, segment=segment)
    F.participant(discovery=discovery, pseudonym="P04", segment=None, consent_withdrawn_at=utcnow())
    F.participant(discovery=other, pseudonym="P01", segment="resident")
    db.session.commit()

    assert plan.set_targets(discovery, {"resident": 2, "unpaid_carer": 6}, user)
    assert not plan.set_targets(discovery, {"resident": 2}, user)  # nothing changed
    assert plan.set_targets(discovery, {"unpaid_carer": None, "provider": 3}, user)
    db.session.commit()
    assert [(p.segment, p.participants, p.target, p.met) for p in plan.progress(discovery)] == [
        ("resident", 2, 2, True),
        ("provider", 1, 3, False),
    ]

    texts = ["First?", "Second?", "Third?"]
    questions = [plan.add_question(discovery, t, user) for t in texts]
    db.session.commit()
    plan.delete_question(questions[0], user)  # leaves a gap in the positions
    db.session.commit()
    assert plan.move_question(questions[2], -1, user)
    assert not plan.move_question(questions[2], -1, user)
    db.session.commit()
    assert [q.text for q in plan.questions(discovery)] == ["Third?", "Second?"]

    # Two people saving the same text at once: the form's check passed for both, the database
    # refuses the second, and only that change is undone.
    with pytest.raises(DuplicateValueError):
        plan.add_question(discovery, "Third?", user)
    assert plan.add_hypothesis(discovery, "People ring first", "hypothesis", "untested", user)
    with pytest.raises(DuplicateValueError):
        plan.add_hypothesis(discovery, "People ring first", "assumption", "untested", user)
    db.session.commit()
    question = plan.question_or_404(discovery, questions[1].id)
    with pytest.raises(plan.StalePlanError):
        plan.update_question(question, "Second, edited?", user, expected_version=question.version - 1)
    assert plan.add_question(other, "Third?", user)  # another discovery may ask the same
    db.session.commit()
    assert count(ResearchQuestion) == 3
    assert count(Hypothesis) == 1  # the refused duplicate undid only itself
    assert count(AuditEvent, AuditEvent.action == "sample_targets_set") == 2
