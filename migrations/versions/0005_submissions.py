"""submissions: task attempts carry a pipeline status, a critique, a transcript and audio

Revision ID: 0005_submissions
Revises: 0004_learner_assignments
Create Date: 2026-12-03 08:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005_submissions'
down_revision = '0004_learner_assignments'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows are graded quiz attempts: finished, no audio, nothing to review.
    with op.batch_alter_table('task_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), server_default='done', nullable=False))
        batch_op.add_column(sa.Column('has_audio', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('critique', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('transcript', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('needs_review', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('error', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('tries', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_task_attempts_status_updated', ['status', 'updated_at'], unique=False)
    op.create_table(
        'attempt_audio',
        sa.Column('attempt_id', sa.Integer(), nullable=False),
        sa.Column('mime', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('duration', sa.Double(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['attempt_id'], ['task_attempts.id'],
                                name=op.f('fk_attempt_audio_attempt_id_task_attempts'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('attempt_id', name=op.f('pk_attempt_audio')),
    )


def downgrade():
    op.drop_table('attempt_audio')
    with op.batch_alter_table('task_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_task_attempts_status_updated')
        for column in ('updated_at', 'tries', 'error', 'needs_review', 'transcript', 'critique',
                       'has_audio', 'status'):
            batch_op.drop_column(column)
