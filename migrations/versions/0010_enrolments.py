"""enrolments: the key of the enrol form that made each account, so the same form sent twice
(or two at once) makes one account

Revision ID: 0010_enrolments
Revises: 0009_llm_usage
Create Date: 2026-12-04 01:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_enrolments'
down_revision = '0009_llm_usage'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'enrolments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_enrolments_created_by_id_users'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_enrolments_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolments')),
        sa.UniqueConstraint('created_by_id', 'key', name='uq_enrolments_creator_key'),
    )
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolments_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolments_user_id'))
    op.drop_table('enrolments')
