"""Supporters' updates tried again when the provider fails for now, as victims' messages are

supporter_notification: attempts, not_before (when to try again), reason and error_code (why it
was not sent: the delivery engine's words and the provider's code, never its message text).

Revision ID: d4e8a2c61b90
Revises: c3a91f0e7b52
Create Date: 2026-12-06 15:35:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e8a2c61b90'
down_revision = 'c3a91f0e7b52'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('supporter_notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('not_before', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('error_code', sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('supporter_notification', schema=None) as batch_op:
        batch_op.drop_column('error_code')
        batch_op.drop_column('reason')
        batch_op.drop_column('not_before')
        batch_op.drop_column('attempts')
