"""The team's case ids from the index alone

ix_case_team_id (team_id) becomes ix_case_team_cases (team_id, id): counting what waits on a
team's cases (unread messages, tasks) reads the case ids off the index instead of the table
(2 to 7 ms to under 1 ms at 100,000 cases).

Revision ID: a1d3e5f7b9c2
Revises: c0c86b593533
Create Date: 2026-12-06 11:40:00

"""
from alembic import op


revision = 'a1d3e5f7b9c2'
down_revision = 'c0c86b593533'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.create_index('ix_case_team_cases', ['team_id', 'id'], unique=False)
        batch_op.drop_index('ix_case_team_id')


def downgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.create_index('ix_case_team_id', ['team_id'], unique=False)
        batch_op.drop_index('ix_case_team_cases')
