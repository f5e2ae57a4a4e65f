"""Discovery summaries: the narrative draft, published versions, export files, answered questions

- summary_drafts: the squad's key messages, recommendations and next steps, in English and Welsh,
  one row per discovery, with a version for stale edits.
- summary_versions: published summaries, numbered per discovery, frozen as JSON with who published
  them, the participants they count and any amendment a withdrawal made.
- summary_exports: files made by export jobs, kept until downloaded.
- research_question_themes: the themes the squad says answer each research question.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 19:29:51.479821

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('summary_drafts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('discovery_id', sa.Uuid(), nullable=False),
    sa.Column('key_messages', sa.Text(), nullable=False),
    sa.Column('key_messages_cy', sa.Text(), nullable=False),
    sa.Column('recommendations', sa.Text(), nullable=False),
    sa.Column('recommendations_cy', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('next_steps_cy', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['discovery_id'], ['discoveries.id'], name=op.f('fk_summary_drafts_discovery_id_discoveries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_summary_drafts_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_drafts')),
    sa.UniqueConstraint('discovery_id', name=op.f('uq_summary_drafts_discovery_id'))
    )
    with op.batch_alter_table('summary_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_drafts_updated_by_id'), ['updated_by_id'], unique=False)

    op.create_table('summary_exports',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('discovery_id', sa.Uuid(), nullable=False),
    sa.Column('format', sa.String(length=4), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("format IN ('pdf', 'docx', 'md', 'html')", name=op.f('ck_summary_exports_format')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_summary_exports_created_by_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['discovery_id'], ['discoveries.id'], name=op.f('fk_summary_exports_discovery_id_discoveries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_exports'))
    )
    with op.batch_alter_table('summary_exports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_exports_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_summary_exports_discovery_id'), ['discovery_id'], unique=False)

    op.create_table('summary_versions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('discovery_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Uuid(), nullable=True),
    sa.Column('published_by_name', sa.String(length=200), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('participant_ids', sa.JSON(), nullable=False),
    sa.Column('amendments', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['discovery_id'], ['discoveries.id'], name=op.f('fk_summary_versions_discovery_id_discoveries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_summary_versions_published_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_versions')),
    sa.UniqueConstraint('discovery_id', 'number', name=op.f('uq_summary_versions_discovery_id_number'))
    )
    with op.batch_alter_table('summary_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_versions_discovery_id'), ['discovery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_summary_versions_published_by_id'), ['published_by_id'], unique=False)

    op.create_table('research_question_themes',
    sa.Column('question_id', sa.Uuid(), nullable=False),
    sa.Column('theme_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['research_questions.id'], name=op.f('fk_research_question_themes_question_id_research_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_research_question_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', 'theme_id', name=op.f('pk_research_question_themes'))
    )
    with op.batch_alter_table('research_question_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_research_question_themes_theme_id'), ['theme_id'], unique=False)



def downgrade():
    with op.batch_alter_table('research_question_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_research_question_themes_theme_id'))

    op.drop_table('research_question_themes')
    with op.batch_alter_table('summary_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_versions_published_by_id'))
        batch_op.drop_index(batch_op.f('ix_summary_versions_discovery_id'))

    op.drop_table('summary_versions')
    with op.batch_alter_table('summary_exports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_exports_discovery_id'))
        batch_op.drop_index(batch_op.f('ix_summary_exports_created_by_id'))

    op.drop_table('summary_exports')
    with op.batch_alter_table('summary_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_drafts_updated_by_id'))

    op.drop_table('summary_drafts')
