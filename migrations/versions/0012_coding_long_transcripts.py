"""Coding real transcripts: bilingual tags, named organisations, interviewers, suggestion outcomes

- tags.name_cy, tags.description_cy: the codebook in Welsh; empty falls back to the English.
- participants.organisation: where a participant from outside the discovery's authorities comes
  from, by name (cleared with everything else when consent is withdrawn).
- utterances.researcher_id: which team member is speaking, so two interviewers stay two.
- tag_suggestion_outcomes: each tag suggested for a finding and whether it was taken.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_cy', sa.String(length=80), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('description_cy', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation', sa.String(length=200), nullable=False, server_default=''))
    with op.batch_alter_table('utterances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('researcher_id', sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_utterances_researcher_id_users'), 'users', ['researcher_id'], ['id'], ondelete='SET NULL'
        )
        batch_op.create_index(batch_op.f('ix_utterances_researcher_id'), ['researcher_id'], unique=False)
    op.create_table('tag_suggestion_outcomes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('discovery_id', sa.Uuid(), nullable=False),
    sa.Column('finding_id', sa.Uuid(), nullable=False),
    sa.Column('tag_id', sa.Uuid(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('accepted', sa.Boolean(), nullable=False),
    sa.Column('decided_by_id', sa.Uuid(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['discovery_id'], ['discoveries.id'], name=op.f('fk_tag_suggestion_outcomes_discovery_id_discoveries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_tag_suggestion_outcomes_finding_id_findings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_tag_suggestion_outcomes_tag_id_tags'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_tag_suggestion_outcomes_decided_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag_suggestion_outcomes')),
    sa.UniqueConstraint('finding_id', 'tag_id', name=op.f('uq_tag_suggestion_outcomes_finding_id_tag_id'))
    )
    with op.batch_alter_table('tag_suggestion_outcomes', schema=None) as batch_op:
        for column in ('discovery_id', 'finding_id', 'tag_id', 'decided_by_id'):
            batch_op.create_index(batch_op.f(f'ix_tag_suggestion_outcomes_{column}'), [column], unique=False)


def downgrade():
    op.drop_table('tag_suggestion_outcomes')
    with op.batch_alter_table('utterances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_utterances_researcher_id'))
        batch_op.drop_constraint(batch_op.f('fk_utterances_researcher_id_users'), type_='foreignkey')
        batch_op.drop_column('researcher_id')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('organisation')
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.drop_column('description_cy')
        batch_op.drop_column('name_cy')
