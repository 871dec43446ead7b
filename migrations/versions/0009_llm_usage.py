"""llm usage: each learner's LLM reviews per day, counted in the database so every worker
shares one daily budget

Revision ID: 0009_llm_usage
Revises: 0008_catalog_syncs
Create Date: 2026-12-04 01:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_llm_usage'
down_revision = '0008_catalog_syncs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'llm_usage',
        sa.Column('learner_key', sa.String(length=64), nullable=False),
        sa.Column('day', sa.String(length=10), nullable=False),
        sa.Column('used', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('learner_key', 'day', name=op.f('pk_llm_usage')),
    )


def downgrade():
    op.drop_table('llm_usage')
