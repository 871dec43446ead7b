"""sessions and one-time passwords: server-side sessions, single-use card passwords with an
expiry, and no hard lockout (throttling replaces it)

Revision ID: 0006_sessions_one_time
Revises: 0005_submissions
Create Date: 2026-12-03 14:00:00.000000

"""
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006_sessions_one_time'
down_revision = '0005_submissions'
branch_labels = None
depends_on = None

# Cards printed before this migration keep working for the default validity from today.
CARD_DAYS = 14


def upgrade():
    op.create_table(
        'user_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_user_sessions_key_hash')),
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('one_time_expires_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('one_time_used_at', sa.DateTime(), nullable=True))
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('locked_until')
    expires = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=CARD_DAYS)
    op.execute(sa.text("UPDATE users SET one_time_expires_at = :expires WHERE must_change_password")
               .bindparams(expires=expires))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_column('one_time_used_at')
        batch_op.drop_column('one_time_expires_at')
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
    op.drop_table('user_sessions')
