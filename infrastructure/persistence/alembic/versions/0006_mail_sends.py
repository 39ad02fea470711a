"""the ledger of emails handed to the mail server (each email once per cause)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('mail_sends',
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('message_id', name=op.f('pk_mail_sends'))
    )
    op.create_index(op.f('ix_mail_sends_claimed_at'), 'mail_sends', ['claimed_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_mail_sends_claimed_at'), table_name='mail_sends')
    op.drop_table('mail_sends')
