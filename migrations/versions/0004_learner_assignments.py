"""learner assignments: an assignment targets a cohort or a single learner

Revision ID: 0004_learner_assignments
Revises: 0003_assignments
Create Date: 2026-11-30 23:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004_learner_assignments'
down_revision = '0003_assignments'
branch_labels = None
depends_on = None


def upgrade():
    # batch mode: SQLite rebuilds the table (copying its rows); PostgreSQL alters in place
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('learner_id', sa.Integer(), nullable=True))
        batch_op.alter_column('cohort_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(batch_op.f('fk_assignments_learner_id_users'), 'users',
                                    ['learner_id'], ['id'], ondelete='CASCADE')
        batch_op.create_unique_constraint('uq_assignments_learner_task', ['learner_id', 'task_id'])
        batch_op.create_check_constraint(batch_op.f('ck_assignments_one_target'), '(cohort_id IS NULL) <> (learner_id IS NULL)')
        batch_op.create_index(batch_op.f('ix_assignments_learner_id'), ['learner_id'], unique=False)


def downgrade():
    # personal assignments have no cohort to fall back to: they go
    op.execute('DELETE FROM assignments WHERE learner_id IS NOT NULL')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_learner_id'))
        batch_op.drop_constraint(batch_op.f('ck_assignments_one_target'), type_='check')
        batch_op.drop_constraint('uq_assignments_learner_task', type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_assignments_learner_id_users'), type_='foreignkey')
        batch_op.alter_column('cohort_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('learner_id')
