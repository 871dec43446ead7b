"""reviews: an append-only log of mentors' reviews (comment, score override, why); attempts
remember a learner's request for help and when they were last reviewed

Revision ID: 0007_reviews
Revises: 0006_sessions_one_time
Create Date: 2026-12-03 19:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_reviews'
down_revision = '0006_sessions_one_time'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('attempt_id', sa.Integer(), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), nullable=True),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('score_before', sa.Integer(), nullable=False),
        sa.Column('score_after', sa.Integer(), nullable=False),
        sa.Column('passed_before', sa.Boolean(), nullable=False),
        sa.Column('passed_after', sa.Boolean(), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['attempt_id'], ['task_attempts.id'],
                                name=op.f('fk_reviews_attempt_id_task_attempts'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'],
                                name=op.f('fk_reviews_reviewer_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
        sa.UniqueConstraint('attempt_id', 'key', name='uq_reviews_attempt_key'),
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_attempt_id'), ['attempt_id'], unique=False)
    with op.batch_alter_table('task_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('help_requested', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('task_attempts', schema=None) as batch_op:
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('help_requested')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_attempt_id'))
    op.drop_table('reviews')
