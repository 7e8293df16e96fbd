"""Issue 14: property held by the police, and victims' requests to have it back

property_item: each thing the police hold for a case (what it is, why it is held, its status,
where and from when it can be collected). property_request: a victim's request to have an
item back, with the task it gave the case team. decision.compensation_order: for a sentence,
whether the court ordered the offender to pay the victim compensation (null: not recorded).

Revision ID: b7e2c4d81f3a
Revises: b7e2c4d6f8a1
Create Date: 2026-12-06 12:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c4d81f3a'
down_revision = 'b7e2c4d6f8a1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('property_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('held_because', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('collect_where', sa.String(length=500), nullable=True),
    sa.Column('collect_from', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_property_item_case_id_case')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['caseworker.id'], name=op.f('fk_property_item_recorded_by_id_caseworker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_property_item'))
    )
    with op.batch_alter_table('property_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_property_item_case_id'), ['case_id'], unique=False)

    op.create_table('property_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('victim_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_property_request_case_id_case')),
    sa.ForeignKeyConstraint(['item_id'], ['property_item.id'], name=op.f('fk_property_request_item_id_property_item')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_property_request_task_id_task')),
    sa.ForeignKeyConstraint(['victim_id'], ['victim.id'], name=op.f('fk_property_request_victim_id_victim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_property_request'))
    )
    with op.batch_alter_table('property_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_property_request_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_property_request_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_property_request_victim_id'), ['victim_id'], unique=False)

    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('compensation_order', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_column('compensation_order')

    with op.batch_alter_table('property_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_property_request_victim_id'))
        batch_op.drop_index(batch_op.f('ix_property_request_item_id'))
        batch_op.drop_index(batch_op.f('ix_property_request_case_id'))

    op.drop_table('property_request')
    with op.batch_alter_table('property_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_property_item_case_id'))

    op.drop_table('property_item')
