"""Issue 16: a team manager's quality reviews of cases (supervision)

Revision ID: b5e2c7d41a90
Revises: b7e2c4d81f3a
Create Date: 2026-12-06 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5e2c7d41a90'
down_revision = 'b7e2c4d81f3a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'case_review',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), nullable=False),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('sampled_by', sa.String(length=16), nullable=False),
        sa.Column('needs_assessed', sa.String(length=16), nullable=False),
        sa.Column('preferences_followed', sa.String(length=16), nullable=False),
        sa.Column('letters_explained', sa.String(length=16), nullable=False),
        sa.Column('statement_offered', sa.String(length=16), nullable=False),
        sa.Column('referral_made', sa.String(length=16), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
        sa.ForeignKeyConstraint(['reviewer_id'], ['caseworker.id'], ),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_review_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_case_review_team_month', ['team_id', 'month'], unique=False)


def downgrade():
    with op.batch_alter_table('case_review', schema=None) as batch_op:
        batch_op.drop_index('ix_case_review_team_month')
        batch_op.drop_index(batch_op.f('ix_case_review_case_id'))
    op.drop_table('case_review')
