"""Background jobs that people can watch, cancel and retry

Adds the jobs table. Job statuses become queued/running/succeeded/failed/cancelled, and the
cluster_runs status check follows the same vocabulary (a run's status mirrors its job's), so
runs saved as "finished" become "succeeded".

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 18:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NEW_STATUSES = "status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')"
OLD_STATUSES = "status IN ('queued', 'running', 'finished', 'failed')"


def upgrade():
    op.create_table(
        "jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("stage", sa.String(length=200), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("message_params", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("error_detail", sa.Text(), nullable=True),
        sa.Column("requested_by_id", sa.Uuid(), nullable=True),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("discovery_id", sa.Uuid(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("result_type", sa.String(length=40), nullable=True),
        sa.Column("result_id", sa.String(length=64), nullable=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("retry_of_id", sa.Uuid(), nullable=True),
        sa.Column("backend", sa.String(length=10), nullable=False),
        sa.Column("backend_job_id", sa.String(length=64), nullable=True),
        sa.CheckConstraint(NEW_STATUSES, name=op.f("ck_jobs_status")),
        sa.CheckConstraint("percent >= 0 AND percent <= 100", name=op.f("ck_jobs_percent")),
        sa.CheckConstraint("attempt >= 1", name=op.f("ck_jobs_attempt")),
        sa.CheckConstraint("origin IN ('person', 'system')", name=op.f("ck_jobs_origin")),
        sa.ForeignKeyConstraint(
            ["discovery_id"],
            ["discoveries.id"],
            name=op.f("fk_jobs_discovery_id_discoveries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["users.id"], name=op.f("fk_jobs_requested_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["retry_of_id"], ["jobs.id"], name=op.f("fk_jobs_retry_of_id_jobs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        for column in ("kind", "status", "requested_by_id", "discovery_id", "retry_of_id"):
            batch_op.create_index(batch_op.f(f"ix_jobs_{column}"), [column], unique=False)

    op.execute("UPDATE cluster_runs SET status = 'succeeded' WHERE status = 'finished'")
    with op.batch_alter_table("cluster_runs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_cluster_runs_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_cluster_runs_status"), NEW_STATUSES)


def downgrade():
    op.execute("UPDATE cluster_runs SET status = 'finished' WHERE status = 'succeeded'")
    op.execute("UPDATE cluster_runs SET status = 'failed' WHERE status = 'cancelled'")
    with op.batch_alter_table("cluster_runs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_cluster_runs_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_cluster_runs_status"), OLD_STATUSES)

    with op.batch_alter_table("jobs", schema=None) as batch_op:
        for column in ("retry_of_id", "discovery_id", "requested_by_id", "status", "kind"):
            batch_op.drop_index(batch_op.f(f"ix_jobs_{column}"))
    op.drop_table("jobs")
