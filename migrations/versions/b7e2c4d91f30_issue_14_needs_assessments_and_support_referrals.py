"""Issue 14: needs assessments as structured data, the directory of support services,
referrals with their status, victims' corrections of their needs, and the enhanced rights
chosen when a case was opened

Revision ID: b7e2c4d91f30
Revises: b5e2c7d41a90
Create Date: 2026-12-06 12:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c4d91f30'
down_revision = 'b5e2c7d41a90'
branch_labels = None
depends_on = None


def upgrade():
    # The enhanced rights chosen when the case was opened, kept apart from the ones the needs
    # assessments decide: every case so far has only the choice.
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enhanced_rights_opened', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
    op.execute('UPDATE "case" SET enhanced_rights_opened = enhanced_rights')
    op.create_table(
        'support_service',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('area', sa.String(length=16), nullable=True),
        sa.Column('serves', sa.JSON(), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=True),
        sa.Column('website', sa.String(length=200), nullable=True),
        sa.Column('hours', sa.String(length=120), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_table(
        'needs_assessment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('victim_id', sa.Integer(), nullable=False),
        sa.Column('vulnerable', sa.Boolean(), nullable=False),
        sa.Column('intimidated', sa.Boolean(), nullable=False),
        sa.Column('persistently_targeted', sa.Boolean(), nullable=False),
        sa.Column('access_needs', sa.JSON(), nullable=False),
        sa.Column('communication_note', sa.String(length=300), nullable=True),
        sa.Column('support_wanted', sa.Boolean(), nullable=False),
        sa.Column('support_kinds', sa.JSON(), nullable=False),
        sa.Column('special_measures', sa.JSON(), nullable=False),
        sa.Column('risk', sa.String(length=8), nullable=False),
        sa.Column('risk_note', sa.String(length=300), nullable=True),
        sa.Column('consent_to_share', sa.Boolean(), nullable=False),
        sa.Column('consent_recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('assessed_on', sa.Date(), nullable=False),
        sa.Column('stage', sa.String(length=32), nullable=False),
        sa.Column('assessed_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
        sa.ForeignKeyConstraint(['victim_id'], ['victim.id'], ),
        sa.ForeignKeyConstraint(['assessed_by_id'], ['caseworker.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('needs_assessment', schema=None) as batch_op:
        batch_op.create_index('ix_needs_assessment_case_victim', ['case_id', 'victim_id'],
                              unique=False)
    op.create_table(
        'support_referral',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('victim_id', sa.Integer(), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('reference', sa.String(length=60), nullable=True),
        sa.Column('made_by_id', sa.Integer(), nullable=True),
        sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
        sa.ForeignKeyConstraint(['victim_id'], ['victim.id'], ),
        sa.ForeignKeyConstraint(['service_id'], ['support_service.id'], ),
        sa.ForeignKeyConstraint(['made_by_id'], ['caseworker.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('support_referral', schema=None) as batch_op:
        batch_op.create_index('ix_support_referral_case_victim', ['case_id', 'victim_id'],
                              unique=False)
    op.create_table(
        'needs_correction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('victim_id', sa.Integer(), nullable=False),
        sa.Column('what', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
        sa.ForeignKeyConstraint(['victim_id'], ['victim.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('needs_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_correction_case_id'), ['case_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_needs_correction_victim_id'), ['victim_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('needs_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_correction_victim_id'))
        batch_op.drop_index(batch_op.f('ix_needs_correction_case_id'))
    op.drop_table('needs_correction')
    with op.batch_alter_table('support_referral', schema=None) as batch_op:
        batch_op.drop_index('ix_support_referral_case_victim')
    op.drop_table('support_referral')
    with op.batch_alter_table('needs_assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_needs_assessment_case_victim')
    op.drop_table('needs_assessment')
    op.drop_table('support_service')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('enhanced_rights_opened')
