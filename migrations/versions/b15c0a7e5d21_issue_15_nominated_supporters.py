"""Issue 15: nominated supporters, what each may do on a victim's case, their codes and
messages

Revision ID: b15c0a7e5d21
Revises: b7c4e2a9d1f3
Create Date: 2026-12-06 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b15c0a7e5d21'
down_revision = 'b7c4e2a9d1f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'supporter',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('phone', sa.String(length=20), nullable=True),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('email'),
        sa.UniqueConstraint('phone'),
    )
    op.create_table(
        'supporter_access',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('supporter_id', sa.Integer(), nullable=False),
        sa.Column('victim_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('see_status', sa.Boolean(), nullable=False),
        sa.Column('receive_updates', sa.Boolean(), nullable=False),
        sa.Column('write_to_caseworker', sa.Boolean(), nullable=False),
        sa.Column('invitation_hash', sa.String(length=64), nullable=True),
        sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('invitation_expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ended_reason', sa.String(length=32), nullable=True),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
        sa.ForeignKeyConstraint(['supporter_id'], ['supporter.id'], ),
        sa.ForeignKeyConstraint(['victim_id'], ['victim.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('supporter_access', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supporter_access_case_id'), ['case_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_supporter_access_invitation_hash'),
                              ['invitation_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_supporter_access_supporter_id'),
                              ['supporter_id'], unique=False)
        batch_op.create_index('ix_supporter_access_victim_case', ['victim_id', 'case_id'],
                              unique=False)
    op.create_table(
        'supporter_notification',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('supporter_id', sa.Integer(), nullable=False),
        sa.Column('victim_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('update_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('discreet', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
        sa.ForeignKeyConstraint(['supporter_id'], ['supporter.id'], ),
        sa.ForeignKeyConstraint(['update_id'], ['update.id'], ),
        sa.ForeignKeyConstraint(['victim_id'], ['victim.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('supporter_notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supporter_notification_case_id'), ['case_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_supporter_notification_status'), ['status'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_supporter_notification_supporter_id'),
                              ['supporter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supporter_notification_victim_id'),
                              ['victim_id'], unique=False)
    with op.batch_alter_table('sign_in_challenge', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supporter_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_sign_in_challenge_supporter_id'),
                              ['supporter_id'], unique=False)
        batch_op.create_foreign_key('fk_sign_in_challenge_supporter_id_supporter',
                                    'supporter', ['supporter_id'], ['id'])
    with op.batch_alter_table('case_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supporter_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_case_message_supporter_id_supporter',
                                    'supporter', ['supporter_id'], ['id'])


def downgrade():
    with op.batch_alter_table('case_message', schema=None) as batch_op:
        batch_op.drop_constraint('fk_case_message_supporter_id_supporter', type_='foreignkey')
        batch_op.drop_column('supporter_id')
    with op.batch_alter_table('sign_in_challenge', schema=None) as batch_op:
        batch_op.drop_constraint('fk_sign_in_challenge_supporter_id_supporter',
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_sign_in_challenge_supporter_id'))
        batch_op.drop_column('supporter_id')
    with op.batch_alter_table('supporter_notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supporter_notification_victim_id'))
        batch_op.drop_index(batch_op.f('ix_supporter_notification_supporter_id'))
        batch_op.drop_index(batch_op.f('ix_supporter_notification_status'))
        batch_op.drop_index(batch_op.f('ix_supporter_notification_case_id'))
    op.drop_table('supporter_notification')
    with op.batch_alter_table('supporter_access', schema=None) as batch_op:
        batch_op.drop_index('ix_supporter_access_victim_case')
        batch_op.drop_index(batch_op.f('ix_supporter_access_supporter_id'))
        batch_op.drop_index(batch_op.f('ix_supporter_access_invitation_hash'))
        batch_op.drop_index(batch_op.f('ix_supporter_access_case_id'))
    op.drop_table('supporter_access')
    op.drop_table('supporter')
