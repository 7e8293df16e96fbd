"""Issue 14: a victim's request for a Victims' Right to Review, asked for online

Revision ID: b7e2c4d6f8a1
Revises: a16f1d9e0b27
Create Date: 2026-12-06 12:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c4d6f8a1'
down_revision = 'a16f1d9e0b27'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'review_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('decision_id', sa.Integer(), nullable=False),
        sa.Column('victim_id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('scheme', sa.String(length=8), nullable=False),
        sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ask_by', sa.Date(), nullable=True),
        sa.Column('late', sa.Boolean(), nullable=False),
        sa.Column('reasons', sa.Text(), nullable=True),
        sa.Column('contact_by', sa.String(length=8), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('status_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('outcome_notes', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
        sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], ),
        sa.ForeignKeyConstraint(['victim_id'], ['victim.id'], ),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('decision_id', 'victim_id'),
    )
    with op.batch_alter_table('review_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_request_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_request_decision_id'), ['decision_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_review_request_victim_id'), ['victim_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_review_request_team_id'), ['team_id'], unique=False)


def downgrade():
    with op.batch_alter_table('review_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_request_team_id'))
        batch_op.drop_index(batch_op.f('ix_review_request_victim_id'))
        batch_op.drop_index(batch_op.f('ix_review_request_decision_id'))
        batch_op.drop_index(batch_op.f('ix_review_request_case_id'))
    op.drop_table('review_request')
