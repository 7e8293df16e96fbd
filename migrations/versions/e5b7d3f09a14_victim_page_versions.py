"""Victims' pages kept rendered while nothing on them changes: the versions they are kept under

case.page_version: one more whenever something a victim reads on that case changes;
page_change: one row whenever something every victim's page may show changes (a court, a team,
a member of staff's contact details); the newest id is the portal-wide version
(portal/models/page_versions.py, portal/page_cache.py).

Revision ID: e5b7d3f09a14
Revises: d4e8a2c61b90
Create Date: 2026-12-06 17:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b7d3f09a14'
down_revision = 'd4e8a2c61b90'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'page_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_page_change')),
    )
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('page_version', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('page_version')
    op.drop_table('page_change')
