"""A discovery's research plan: research questions, hypotheses and sample targets

- research_questions: what the discovery sets out to answer, in the squad's order (``position``),
  each its own row so a summary can report the themes that answer it; a version for stale edits.
- hypotheses: hypotheses to test and assumptions to check (``kind``), with what the research
  found so far (``status``: untested, supported, not supported); a version for stale edits.
- sample_targets: how many people of each segment the squad means to speak to, 1 to 200, one
  row per segment that has a target.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 18:25:35.964135

"""
from alembic import op
import sqlalchemy as sa

KINDS = "('hypothesis', 'assumption')"
STATUSES = "('untested', 'supported', 'not_supported')"
SEGMENTS = "('resident', 'unpaid_carer', 'social_worker', 'provider', 'council_staff', 'third_sector')"


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('research_questions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('discovery_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['discovery_id'], ['discoveries.id'], name=op.f('fk_research_questions_discovery_id_discoveries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_research_questions')),
    sa.UniqueConstraint('discovery_id', 'text', name=op.f('uq_research_questions_discovery_id_text'))
    )
    op.create_index(op.f('ix_research_questions_discovery_id'), 'research_questions', ['discovery_id'], unique=False)

    op.create_table('hypotheses',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('discovery_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=13), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint(f"kind IN {KINDS}", name=op.f('ck_hypotheses_kind')),
    sa.CheckConstraint(f"status IN {STATUSES}", name=op.f('ck_hypotheses_status')),
    sa.ForeignKeyConstraint(['discovery_id'], ['discoveries.id'], name=op.f('fk_hypotheses_discovery_id_discoveries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hypotheses')),
    sa.UniqueConstraint('discovery_id', 'text', name=op.f('uq_hypotheses_discovery_id_text'))
    )
    op.create_index(op.f('ix_hypotheses_discovery_id'), 'hypotheses', ['discovery_id'], unique=False)

    op.create_table('sample_targets',
    sa.Column('discovery_id', sa.Uuid(), nullable=False),
    sa.Column('segment', sa.String(length=20), nullable=False),
    sa.Column('target', sa.Integer(), nullable=False),
    sa.CheckConstraint(f"segment IN {SEGMENTS}", name=op.f('ck_sample_targets_segment')),
    sa.CheckConstraint('target >= 1 AND target <= 200', name=op.f('ck_sample_targets_target')),
    sa.ForeignKeyConstraint(['discovery_id'], ['discoveries.id'], name=op.f('fk_sample_targets_discovery_id_discoveries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('discovery_id', 'segment', name=op.f('pk_sample_targets'))
    )


def downgrade():
    op.drop_table('sample_targets')
    op.drop_index(op.f('ix_hypotheses_discovery_id'), table_name='hypotheses')
    op.drop_table('hypotheses')
    op.drop_index(op.f('ix_research_questions_discovery_id'), table_name='research_questions')
    op.drop_table('research_questions')
