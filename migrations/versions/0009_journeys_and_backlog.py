"""Journey maps and the backlog, with evidence both ways

- journey_maps: the scenario in the squad's words, an optional authority, who made it.
- journey_stages.stage_key: the shared journey stage a map's column covers, so findings tagged
  with that stage are suggested as its evidence on every map.
- journey_entries: the backstage lane, a touchpoint's channel, evidenced or assumed, citations
  lost to a withdrawn consent (the entry is flagged until checked), and a version for stale edits.
- backlog_items: a number per discovery, a size, who made it; statuses become to do / in
  progress / done / dropped ("new" and "ready" items are "to do"); links to journey stages.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 17:05:51.674224

"""
from alembic import op
import sqlalchemy as sa

LANES = "('actions', 'touchpoints', 'thoughts', 'pain_points', 'opportunities', 'backstage')"
OLD_LANES = "('actions', 'touchpoints', 'thoughts', 'pain_points', 'opportunities')"
BASES = "('evidenced', 'assumed')"
CHANNELS = "('phone', 'web', 'face_to_face', 'letter', 'email', 'third_sector', 'nhs_handoff', 'other')"
STAGE_KEYS = "('finding_out', 'first_contact', 'assessment', 'arranging_care', 'receiving_care', 'review')"
STATUSES = "('todo', 'in_progress', 'done', 'dropped')"
OLD_STATUSES = "('new', 'ready', 'in_progress', 'done')"
SIZES = "('xs', 's', 'm', 'l', 'xl')"


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('backlog_journey_stages',
    sa.Column('backlog_item_id', sa.Uuid(), nullable=False),
    sa.Column('stage_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['backlog_item_id'], ['backlog_items.id'], name=op.f('fk_backlog_journey_stages_backlog_item_id_backlog_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stage_id'], ['journey_stages.id'], name=op.f('fk_backlog_journey_stages_stage_id_journey_stages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('backlog_item_id', 'stage_id', name=op.f('pk_backlog_journey_stages'))
    )
    with op.batch_alter_table('backlog_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('size', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('created_by_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_backlog_items_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_backlog_items_created_by_id_users'), 'users', ['created_by_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint(batch_op.f('ck_backlog_items_status'), type_='check')
    _number_existing_items()
    op.execute("UPDATE backlog_items SET status = 'todo' WHERE status IN ('new', 'ready')")
    with op.batch_alter_table('backlog_items', schema=None) as batch_op:
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_backlog_items_discovery_id_number'), ['discovery_id', 'number'])
        batch_op.create_check_constraint(batch_op.f('ck_backlog_items_status'), f"status IN {STATUSES}")
        batch_op.create_check_constraint(batch_op.f('ck_backlog_items_size'), f"size IS NULL OR size IN {SIZES}")

    with op.batch_alter_table('journey_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('basis', sa.String(length=9), nullable=False, server_default='assumed'))
        batch_op.add_column(sa.Column('withdrawn_citations', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.drop_constraint(batch_op.f('ck_journey_entries_lane'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_journey_entries_lane'), f"lane IN {LANES}")
        batch_op.create_check_constraint(batch_op.f('ck_journey_entries_basis'), f"basis IN {BASES}")
        batch_op.create_check_constraint(batch_op.f('ck_journey_entries_channel'), f"channel IS NULL OR channel IN {CHANNELS}")

    with op.batch_alter_table('journey_maps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scenario', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('authority_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('created_by_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_journey_maps_authority_id'), ['authority_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journey_maps_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_journey_maps_authority_id_authorities'), 'authorities', ['authority_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_journey_maps_created_by_id_users'), 'users', ['created_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('journey_stages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage_key', sa.String(length=20), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_journey_stages_stage_key'), f"stage_key IS NULL OR stage_key IN {STAGE_KEYS}")


def _number_existing_items():
    """Number each discovery's existing items 1, 2, 3… in the order they were made."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, discovery_id FROM backlog_items ORDER BY created_at, id")).all()
    counters = {}
    for item_id, discovery_id in rows:
        counters[discovery_id] = counters.get(discovery_id, 0) + 1
        bind.execute(
            sa.text("UPDATE backlog_items SET number = :number WHERE id = :id"),
            {"number": counters[discovery_id], "id": item_id},
        )


def downgrade():
    with op.batch_alter_table('journey_stages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_journey_stages_stage_key'), type_='check')
        batch_op.drop_column('stage_key')

    with op.batch_alter_table('journey_maps', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_journey_maps_created_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_journey_maps_authority_id_authorities'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_journey_maps_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_journey_maps_authority_id'))
        batch_op.drop_column('created_by_id')
        batch_op.drop_column('authority_id')
        batch_op.drop_column('scenario')

    op.execute("DELETE FROM journey_entries WHERE lane = 'backstage'")
    with op.batch_alter_table('journey_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_journey_entries_channel'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_journey_entries_basis'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_journey_entries_lane'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_journey_entries_lane'), f"lane IN {OLD_LANES}")
        batch_op.drop_column('version')
        batch_op.drop_column('withdrawn_citations')
        batch_op.drop_column('basis')
        batch_op.drop_column('channel')

    with op.batch_alter_table('backlog_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_backlog_items_size'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_backlog_items_status'), type_='check')
    # "Dropped" had no word before; such an item goes back to "new" for someone to look at.
    op.execute("UPDATE backlog_items SET status = 'new' WHERE status IN ('todo', 'dropped')")
    with op.batch_alter_table('backlog_items', schema=None) as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_backlog_items_status'), f"status IN {OLD_STATUSES}")
        batch_op.drop_constraint(batch_op.f('fk_backlog_items_created_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_backlog_items_discovery_id_number'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_backlog_items_created_by_id'))
        batch_op.drop_column('created_by_id')
        batch_op.drop_column('size')
        batch_op.drop_column('number')

    op.drop_table('backlog_journey_stages')
