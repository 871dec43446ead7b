"""catalog syncs: a history of catalog sync runs; the newest row is the catalog's version,
which every web process checks to know when to rebuild its in-memory catalog

Revision ID: 0008_catalog_syncs
Revises: 0007_reviews
Create Date: 2026-12-04 01:20:00.000000

"""
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008_catalog_syncs'
down_revision = '0007_reviews'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'catalog_syncs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('synced_at', sa.DateTime(), nullable=False),
        sa.Column('changes', sa.Integer(), nullable=False),
        sa.Column('lines', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_syncs')),
    )
    # a database that already holds a catalog gets a first version, so processes that read
    # it before the next sync have something to compare with
    if op.get_bind().execute(sa.text("SELECT count(*) FROM tracks")).scalar():
        op.bulk_insert(table, [{"token": uuid.uuid4().hex, "synced_at": datetime.now(UTC).replace(tzinfo=None),
                                "changes": 0, "lines": []}])


def downgrade():
    op.drop_table('catalog_syncs')
