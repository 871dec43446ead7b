"""lesson assignments: an assignment names a task or a lesson

Revision ID: 0011_lesson_assignments
Revises: 0010_enrolments
Create Date: 2026-12-04 03:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_lesson_assignments'
down_revision = '0010_enrolments'
branch_labels = None
depends_on = None


def upgrade():
    # batch mode: SQLite rebuilds the table (copying its rows); PostgreSQL alters in place
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lesson_id', sa.Integer(), nullable=True))
        batch_op.alter_column('task_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(batch_op.f('fk_assignments_lesson_id_lessons'), 'lessons',
                                    ['lesson_id'], ['id'])
        batch_op.create_unique_constraint('uq_assignments_cohort_lesson', ['cohort_id', 'lesson_id'])
        batch_op.create_unique_constraint('uq_assignments_learner_lesson', ['learner_id', 'lesson_id'])
        batch_op.create_check_constraint(batch_op.f('ck_assignments_one_item'),
                                         '(task_id IS NULL) <> (lesson_id IS NULL)')
        batch_op.create_index(batch_op.f('ix_assignments_lesson_id'), ['lesson_id'], unique=False)


def downgrade():
    # a lesson assignment has no task to fall back to: they go
    op.execute('DELETE FROM assignments WHERE lesson_id IS NOT NULL')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_lesson_id'))
        batch_op.drop_constraint(batch_op.f('ck_assignments_one_item'), type_='check')
        batch_op.drop_constraint('uq_assignments_learner_lesson', type_='unique')
        batch_op.drop_constraint('uq_assignments_cohort_lesson', type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_assignments_lesson_id_lessons'), type_='foreignkey')
        batch_op.alter_column('task_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('lesson_id')
