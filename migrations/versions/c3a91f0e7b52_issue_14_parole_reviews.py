"""Issue 14: parole under the Victim Contact Scheme

parole_review: the offender's parole eligibility date, the Parole Board's review (when it
started), its hearing date and its decision, as the probation team records them.

Revision ID: c3a91f0e7b52
Revises: ad5c0a7e1f02
Create Date: 2026-12-06 12:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a91f0e7b52'
down_revision = 'ad5c0a7e1f02'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('parole_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('eligible_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('review_started_on', sa.Date(), nullable=True),
    sa.Column('review_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hearing_on', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_parole_review_case_id_case')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['caseworker.id'], name=op.f('fk_parole_review_recorded_by_id_caseworker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parole_review'))
    )
    with op.batch_alter_table('parole_review', schema=None) as batch_op:
        batch_op.create_index('ix_parole_review_case_recorded', ['case_id', 'recorded_at'], unique=False)


def downgrade():
    with op.batch_alter_table('parole_review', schema=None) as batch_op:
        batch_op.drop_index('ix_parole_review_case_recorded')

    op.drop_table('parole_review')
