"""The console's team pages kept rendered while nothing on them changes: their teams' versions

team_change: one row whenever something a team's console pages show changes (team_id), or every
team's (team_id empty); the newest id of each is the version, pruned to the newest by the
worker (portal/models/page_versions.py, portal/page_cache.py).

Revision ID: f6c2a9d4e1b3
Revises: e5b7d3f09a14
Create Date: 2026-12-06 18:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6c2a9d4e1b3'
down_revision = 'e5b7d3f09a14'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'team_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_team_change')),
    )
    op.create_index('ix_team_change_team_id_id', 'team_change', ['team_id', 'id'])


def downgrade():
    op.drop_index('ix_team_change_team_id_id', table_name='team_change')
    op.drop_table('team_change')
