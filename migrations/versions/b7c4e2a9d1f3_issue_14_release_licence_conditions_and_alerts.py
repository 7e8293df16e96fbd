"""Issue 14: the Victim Contact Scheme's release, licence conditions and urgent alerts

release: the offender's release known ahead (expected day) with the licence conditions that
protect the victim (the residence for the team only), and the actual release when recorded.
urgent_alert: escape, absconding, recall, open conditions or death, sent as an urgent update.
alert_receipt: each victim's copy of an alert, repeated until they confirm they have read it.
vcs_referral: a victim's referral to the Victim Contact Scheme, a handover to a probation team
with their consent and language, their choice, and the victim liaison officer.

Revision ID: b7c4e2a9d1f3
Revises: b7e2c4d91f30
Create Date: 2026-12-06 12:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c4e2a9d1f3'
down_revision = 'b7e2c4d91f30'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('release',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('expected_on', sa.Date(), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('no_contact', sa.Boolean(), nullable=False),
    sa.Column('exclusion_area', sa.String(length=200), nullable=True),
    sa.Column('curfew_from', sa.Time(), nullable=True),
    sa.Column('curfew_until', sa.Time(), nullable=True),
    sa.Column('electronic_monitoring', sa.Boolean(), nullable=False),
    sa.Column('residence', sa.String(length=300), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_release_case_id_case')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['caseworker.id'], name=op.f('fk_release_recorded_by_id_caseworker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_release'))
    )
    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.create_index('ix_release_case_recorded', ['case_id', 'recorded_at'], unique=False)

    op.create_table('urgent_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('update_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_urgent_alert_case_id_case')),
    sa.ForeignKeyConstraint(['update_id'], ['update.id'], name=op.f('fk_urgent_alert_update_id_update')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['caseworker.id'], name=op.f('fk_urgent_alert_recorded_by_id_caseworker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_urgent_alert'))
    )
    with op.batch_alter_table('urgent_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_urgent_alert_case_id'), ['case_id'], unique=False)

    op.create_table('alert_receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('victim_id', sa.Integer(), nullable=False),
    sa.Column('sends', sa.Integer(), nullable=False),
    sa.Column('last_sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['alert_id'], ['urgent_alert.id'], name=op.f('fk_alert_receipt_alert_id_urgent_alert')),
    sa.ForeignKeyConstraint(['victim_id'], ['victim.id'], name=op.f('fk_alert_receipt_victim_id_victim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_receipt')),
    sa.UniqueConstraint('alert_id', 'victim_id', name=op.f('uq_alert_receipt_alert_id'))
    )
    with op.batch_alter_table('alert_receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_receipt_victim_id'), ['victim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alert_receipt_read_at'), ['read_at'], unique=False)


    op.create_table('vcs_referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('victim_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('liaison_officer_id', sa.Integer(), nullable=True),
    sa.Column('referred_by_id', sa.Integer(), nullable=True),
    sa.Column('referred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('choice', sa.String(length=16), nullable=True),
    sa.Column('choice_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_vcs_referral_case_id_case')),
    sa.ForeignKeyConstraint(['victim_id'], ['victim.id'], name=op.f('fk_vcs_referral_victim_id_victim')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_vcs_referral_team_id_team')),
    sa.ForeignKeyConstraint(['liaison_officer_id'], ['caseworker.id'], name=op.f('fk_vcs_referral_liaison_officer_id_caseworker')),
    sa.ForeignKeyConstraint(['referred_by_id'], ['caseworker.id'], name=op.f('fk_vcs_referral_referred_by_id_caseworker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vcs_referral'))
    )
    with op.batch_alter_table('vcs_referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vcs_referral_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vcs_referral_victim_id'), ['victim_id'], unique=False)


def downgrade():
    with op.batch_alter_table('vcs_referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vcs_referral_victim_id'))
        batch_op.drop_index(batch_op.f('ix_vcs_referral_case_id'))
    op.drop_table('vcs_referral')
    with op.batch_alter_table('alert_receipt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_receipt_read_at'))
        batch_op.drop_index(batch_op.f('ix_alert_receipt_victim_id'))
    op.drop_table('alert_receipt')
    with op.batch_alter_table('urgent_alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_urgent_alert_case_id'))
    op.drop_table('urgent_alert')
    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.drop_index('ix_release_case_recorded')
    op.drop_table('release')
