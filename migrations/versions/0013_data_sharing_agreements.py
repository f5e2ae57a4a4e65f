"""Data-sharing agreements: each discovery's reference, date and raw-note grants between councils

- data_sharing_agreements: one row per discovery; ``raw_notes`` is ``all_members`` (every member
  reads every note, as before) or ``agreement`` (researchers and squad members read raw notes of
  another council's participants only where a grant below says so).
- raw_note_grants: directed grants, "Torfaen shares raw notes with Neath Port Talbot".

Defaults, and why. Each council is the controller of what its residents told it; sharing raw
interview notes with another council needs a documented basis (UK GDPR articles 5(1)(c) and 25,
data protection by default). So:

- an existing discovery with **more than one authority** gets ``agreement`` with no grants: no
  agreement has been recorded, so none can be assumed. Its squad keeps every finding, theme,
  need, journey map, backlog item and summary (pseudonymised evidence stays shared) and reads
  its own council's notes; a researcher records the agreement's grants on the new page to open
  the rest. Choosing ``all_members`` here would have kept the very leak issue 14 reports.
- an existing discovery with **one authority or none** gets ``all_members``: every note is that
  one council's, so restricting changes nothing but could hide notes whose participants came
  from a named organisation.
- a new discovery without a row follows the same rule at read time (``data_scope``).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 02:10:00

"""
import uuid

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('data_sharing_agreements',
    sa.Column('discovery_id', sa.Uuid(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('agreed_on', sa.Date(), nullable=True),
    sa.Column('raw_notes', sa.String(length=12), nullable=False),
    sa.Column('updated_by_id', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("raw_notes IN ('all_members', 'agreement')", name=op.f('ck_data_sharing_agreements_raw_notes')),
    sa.ForeignKeyConstraint(['discovery_id'], ['discoveries.id'], name=op.f('fk_data_sharing_agreements_discovery_id_discoveries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_data_sharing_agreements_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('discovery_id', name=op.f('pk_data_sharing_agreements'))
    )
    with op.batch_alter_table('data_sharing_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_sharing_agreements_updated_by_id'), ['updated_by_id'], unique=False)
    op.create_table('raw_note_grants',
    sa.Column('discovery_id', sa.Uuid(), nullable=False),
    sa.Column('from_authority_id', sa.Uuid(), nullable=False),
    sa.Column('to_authority_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('from_authority_id <> to_authority_id', name=op.f('ck_raw_note_grants_not_to_itself')),
    sa.ForeignKeyConstraint(['discovery_id'], ['data_sharing_agreements.discovery_id'], name=op.f('fk_raw_note_grants_discovery_id_data_sharing_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_authority_id'], ['authorities.id'], name=op.f('fk_raw_note_grants_from_authority_id_authorities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_authority_id'], ['authorities.id'], name=op.f('fk_raw_note_grants_to_authority_id_authorities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('discovery_id', 'from_authority_id', 'to_authority_id', name=op.f('pk_raw_note_grants'))
    )

    bind = op.get_bind()
    counts = bind.execute(sa.text(
        "SELECT d.id, COUNT(da.authority_id) FROM discoveries d "
        "LEFT JOIN discovery_authorities da ON da.discovery_id = d.id GROUP BY d.id"
    )).all()
    agreements = sa.table(
        'data_sharing_agreements',
        sa.column('discovery_id', sa.Uuid()), sa.column('reference', sa.String()),
        sa.column('agreed_on', sa.Date()), sa.column('raw_notes', sa.String()),
        sa.column('updated_at', sa.DateTime(timezone=True)), sa.column('version', sa.Integer()),
    )
    now = sa.func.current_timestamp()
    for discovery_id, authorities in counts:
        if isinstance(discovery_id, str):
            discovery_id = uuid.UUID(discovery_id)
        bind.execute(agreements.insert().values(
            discovery_id=discovery_id, reference='', agreed_on=None,
            raw_notes='agreement' if authorities > 1 else 'all_members', updated_at=now, version=1,
        ))


def downgrade():
    op.drop_table('raw_note_grants')
    with op.batch_alter_table('data_sharing_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_sharing_agreements_updated_by_id'))
    op.drop_table('data_sharing_agreements')
