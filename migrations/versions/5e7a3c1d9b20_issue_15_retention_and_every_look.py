"""Issue 15: retention, and every look at a case on the record

case.anonymised_at and victim.anonymised_at: when the retention job anonymised them.
audit_event.team_id: a member of staff's team when they acted (victims are shown teams).

Revision ID: 5e7a3c1d9b20
Revises: a1d3e5f7b9c2
Create Date: 2026-12-06 11:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e7a3c1d9b20'
down_revision = 'a1d3e5f7b9c2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('victim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_audit_event_team_id_team'), 'team',
                                    ['team_id'], ['id'])


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_audit_event_team_id_team'), type_='foreignkey')
        batch_op.drop_column('team_id')
    with op.batch_alter_table('victim', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')
