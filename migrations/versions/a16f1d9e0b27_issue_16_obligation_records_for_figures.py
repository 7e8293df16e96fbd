"""Issue 16: what became of each Victims' Code duty, one row per duty, for the team figures

Revision ID: a16f1d9e0b27
Revises: 37431494fee4
Create Date: 2026-12-06 11:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a16f1d9e0b27'
down_revision = '37431494fee4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'obligation_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('week', sa.Date(), nullable=False),
        sa.Column('triggered_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('met_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('working_days', sa.Integer(), nullable=True),
        sa.Column('caseworker_id', sa.Integer(), nullable=True),
        sa.Column('language', sa.String(length=8), nullable=True),
        sa.Column('channel', sa.String(length=16), nullable=True),
        sa.Column('event', sa.String(length=48), nullable=True),
        sa.Column('failed', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
        sa.ForeignKeyConstraint(['caseworker_id'], ['caseworker.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('obligation_record', schema=None) as batch_op:
        batch_op.create_index('ix_obligation_record_case_week', ['case_id', 'week'], unique=False)


def downgrade():
    with op.batch_alter_table('obligation_record', schema=None) as batch_op:
        batch_op.drop_index('ix_obligation_record_case_week')
    op.drop_table('obligation_record')
