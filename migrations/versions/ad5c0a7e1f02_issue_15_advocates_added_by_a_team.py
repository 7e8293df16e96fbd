"""Issue 15: a professional advocate a case team added with the victim's consent; a
supporter's STOP by text

Revision ID: ad5c0a7e1f02
Revises: b15c0a7e5d21
Create Date: 2026-12-06 13:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ad5c0a7e1f02'
down_revision = 'b15c0a7e5d21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('supporter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('sms_opted_out', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('supporter_access', schema=None) as batch_op:
        batch_op.add_column(sa.Column('added_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('consent_how', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('consent_on', sa.Date(), nullable=True))
        batch_op.create_foreign_key('fk_supporter_access_added_by_id_caseworker',
                                    'caseworker', ['added_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('supporter_access', schema=None) as batch_op:
        batch_op.drop_constraint('fk_supporter_access_added_by_id_caseworker',
                                 type_='foreignkey')
        batch_op.drop_column('consent_on')
        batch_op.drop_column('consent_how')
        batch_op.drop_column('added_by_id')
    with op.batch_alter_table('supporter', schema=None) as batch_op:
        batch_op.drop_column('sms_opted_out')
        batch_op.drop_column('organisation')
