"""a sign-in landing as long as a page address may be (one rule with the pages' `next`)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('login_challenges') as batch:
        batch.alter_column('landing', type_=sa.String(length=2000), existing_type=sa.String(length=200))


def downgrade() -> None:
    op.execute("UPDATE login_challenges SET landing = NULL WHERE length(landing) > 200")
    with op.batch_alter_table('login_challenges') as batch:
        batch.alter_column('landing', type_=sa.String(length=200), existing_type=sa.String(length=2000))
