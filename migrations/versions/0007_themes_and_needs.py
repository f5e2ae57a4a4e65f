"""Themes and user needs: runs written on success, memberships with a state, a review history

- cluster_runs: written when a run's job succeeds (progress and errors live on its Job), with
  seed, code version, counts, changes since the previous run and a snapshot of its themes;
  its status check now uses the job statuses.
- cluster_run_findings: where each finding stood in a run, and its place on the theme map.
- themes: a normalised label_key, unique among live (suggested or accepted) themes of a
  discovery; origin; key phrases; a needs-review flag; merged_into; status "merged".
- theme_findings: a state (member, offered, declined) and a similarity to the theme's centre.
- theme_changes (+ theme_change_themes): each review action, before and after, for undo.
- user_needs: the segment the need speaks for.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 11:16:19.317005

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

JOB_STATUSES = "('queued', 'running', 'succeeded', 'failed', 'cancelled')"
OLD_RUN_STATUSES = "('queued', 'running', 'finished', 'failed')"
THEME_STATUSES = "('suggested', 'accepted', 'rejected', 'merged')"
OLD_THEME_STATUSES = "('suggested', 'accepted', 'rejected')"
ORIGINS = "('cluster', 'manual', 'merge', 'split')"
STATES = "('member', 'offered', 'declined')"
SEGMENTS = "('resident', 'unpaid_carer', 'social_worker', 'provider', 'council_staff', 'third_sector')"


def upgrade():
    op.create_table('theme_changes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('discovery_id', sa.Uuid(), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('undone_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_theme_changes_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['discovery_id'], ['discoveries.id'], name=op.f('fk_theme_changes_discovery_id_discoveries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['undone_by_id'], ['users.id'], name=op.f('fk_theme_changes_undone_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_changes'))
    )
    with op.batch_alter_table('theme_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_changes_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_theme_changes_discovery_id'), ['discovery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_theme_changes_undone_by_id'), ['undone_by_id'], unique=False)

    op.create_table('cluster_run_findings',
    sa.Column('run_id', sa.Uuid(), nullable=False),
    sa.Column('finding_id', sa.Uuid(), nullable=False),
    sa.Column('theme_id', sa.Uuid(), nullable=True),
    sa.Column('placement', sa.String(length=12), nullable=False),
    sa.Column('group_index', sa.Integer(), nullable=False),
    sa.Column('x', sa.Float(), nullable=False),
    sa.Column('y', sa.Float(), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.CheckConstraint("placement IN ('member', 'addition', 'unclustered')", name=op.f('ck_cluster_run_findings_placement')),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_cluster_run_findings_finding_id_findings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['cluster_runs.id'], name=op.f('fk_cluster_run_findings_run_id_cluster_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_cluster_run_findings_theme_id_themes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('run_id', 'finding_id', name=op.f('pk_cluster_run_findings'))
    )
    with op.batch_alter_table('cluster_run_findings', schema=None) as batch_op:
        batch_op.create_index('ix_cluster_run_findings_finding_id', ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cluster_run_findings_theme_id'), ['theme_id'], unique=False)

    op.create_table('theme_change_themes',
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('theme_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['change_id'], ['theme_changes.id'], name=op.f('fk_theme_change_themes_change_id_theme_changes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_theme_change_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('change_id', 'theme_id', name=op.f('pk_theme_change_themes'))
    )
    with op.batch_alter_table('cluster_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous_run_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('seed', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('code_version', sa.String(length=60), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('finding_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('theme_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('changes', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('themes_snapshot', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.drop_constraint(batch_op.f('ck_cluster_runs_status'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_cluster_runs_progress'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_cluster_runs_status'), f"status IN {JOB_STATUSES}")
        # No run was ever written with the old text job id: the column is replaced, not converted.
        batch_op.drop_column('job_id')
        batch_op.add_column(sa.Column('job_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cluster_runs_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cluster_runs_previous_run_id'), ['previous_run_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cluster_runs_job_id_jobs'), 'jobs', ['job_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_cluster_runs_previous_run_id_cluster_runs'), 'cluster_runs', ['previous_run_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_column('error')
        batch_op.drop_column('progress')
        batch_op.drop_column('message')

    with op.batch_alter_table('theme_findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=8), nullable=False, server_default='member'))
        batch_op.create_check_constraint(batch_op.f('ck_theme_findings_state'), f"state IN {STATES}")
        batch_op.add_column(sa.Column('similarity', sa.Float(), nullable=True))
        batch_op.create_index(batch_op.f('ix_theme_findings_finding_id'), ['finding_id'], unique=False)
        batch_op.drop_column('distance')

    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label_key', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('origin', sa.String(length=10), nullable=False, server_default='cluster'))
        batch_op.add_column(sa.Column('key_phrases', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('needs_review', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('review_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.drop_constraint(batch_op.f('ck_themes_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_themes_status'), f"status IN {THEME_STATUSES}")
        batch_op.create_check_constraint(batch_op.f('ck_themes_origin'), f"origin IN {ORIGINS}")
        batch_op.add_column(sa.Column('merged_into_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('created_by_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_themes_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_themes_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_themes_created_by_id_users'), 'users', ['created_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_themes_merged_into_id_themes'), 'themes', ['merged_into_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_column('pinned')

    op.execute("UPDATE themes SET label_key = lower(trim(label))")
    live = sa.text("status IN ('suggested', 'accepted')")
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.create_index(
            'uq_themes_live_label', ['discovery_id', 'label_key'], unique=True,
            sqlite_where=live, postgresql_where=live,
        )
    with op.batch_alter_table('user_needs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('segment', sa.String(length=20), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f('ck_user_needs_segment'), f"segment IS NULL OR segment IN {SEGMENTS}"
        )



def downgrade():
    with op.batch_alter_table('user_needs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_user_needs_segment'), type_='check')
        batch_op.drop_column('segment')

    # Merged themes have no place in the old vocabulary; their members went to the target.
    op.execute("DELETE FROM themes WHERE status = 'merged'")
    op.execute("DELETE FROM theme_findings WHERE state <> 'member'")

    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pinned', sa.BOOLEAN(), nullable=False, server_default=sa.false()))
        batch_op.drop_constraint(batch_op.f('ck_themes_origin'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_themes_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_themes_status'), f"status IN {OLD_THEME_STATUSES}")
        batch_op.drop_constraint(batch_op.f('fk_themes_merged_into_id_themes'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_themes_created_by_id_users'), type_='foreignkey')
        batch_op.drop_index('uq_themes_live_label', sqlite_where=sa.text("status IN ('suggested', 'accepted')"), postgresql_where=sa.text("status IN ('suggested', 'accepted')"))
        batch_op.drop_index(batch_op.f('ix_themes_merged_into_id'))
        batch_op.drop_index(batch_op.f('ix_themes_created_by_id'))
        batch_op.drop_column('created_by_id')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('review_reason')
        batch_op.drop_column('needs_review')
        batch_op.drop_column('key_phrases')
        batch_op.drop_column('origin')
        batch_op.drop_column('label_key')

    with op.batch_alter_table('theme_findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('distance', sa.FLOAT(), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_theme_findings_state'), type_='check')
        batch_op.drop_index(batch_op.f('ix_theme_findings_finding_id'))
        batch_op.drop_column('similarity')
        batch_op.drop_column('state')

    with op.batch_alter_table('cluster_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message', sa.VARCHAR(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('progress', sa.FLOAT(), nullable=False, server_default='1'))
        batch_op.drop_constraint(batch_op.f('ck_cluster_runs_status'), type_='check')
        batch_op.add_column(sa.Column('error', sa.TEXT(), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_cluster_runs_previous_run_id_cluster_runs'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_cluster_runs_job_id_jobs'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cluster_runs_previous_run_id'))
        batch_op.drop_index(batch_op.f('ix_cluster_runs_job_id'))
        batch_op.drop_column('job_id')
        batch_op.add_column(sa.Column('job_id', sa.VARCHAR(length=64), nullable=True))
        batch_op.drop_column('themes_snapshot')
        batch_op.drop_column('changes')
        batch_op.drop_column('theme_count')
        batch_op.drop_column('finding_count')
        batch_op.drop_column('code_version')
        batch_op.drop_column('seed')
        batch_op.drop_column('previous_run_id')
    op.execute("UPDATE cluster_runs SET status = 'finished' WHERE status = 'succeeded'")
    op.execute("DELETE FROM cluster_runs WHERE status = 'cancelled'")
    with op.batch_alter_table('cluster_runs', schema=None) as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_cluster_runs_status'), f"status IN {OLD_RUN_STATUSES}")
        batch_op.create_check_constraint(batch_op.f('ck_cluster_runs_progress'), 'progress >= 0 AND progress <= 1')

    op.drop_table('theme_change_themes')
    with op.batch_alter_table('cluster_run_findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cluster_run_findings_theme_id'))
        batch_op.drop_index('ix_cluster_run_findings_finding_id')

    op.drop_table('cluster_run_findings')
    with op.batch_alter_table('theme_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_changes_undone_by_id'))
        batch_op.drop_index(batch_op.f('ix_theme_changes_discovery_id'))
        batch_op.drop_index(batch_op.f('ix_theme_changes_actor_id'))

    op.drop_table('theme_changes')
