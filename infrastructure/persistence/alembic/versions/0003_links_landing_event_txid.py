"""document links, sign-in landing, event feed txid

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('document_links',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('document_id', sa.Uuid(), nullable=False),
    sa.Column('document_type', sa.String(length=16), nullable=False),
    sa.Column('document_number', sa.String().with_variant(sa.VARCHAR(collation='C'), 'postgresql'), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('party_no', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('openings', sa.Integer(), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_links_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_links'))
    )
    op.create_index('ix_document_links_created_at', 'document_links', ['created_at'], unique=False)
    op.create_index(op.f('ix_document_links_document_id'), 'document_links', ['document_id'], unique=False)
    op.add_column('events', sa.Column('txid', sa.BigInteger(), nullable=True))
    op.create_index('ix_events_feed', 'events', ['txid', 'seq'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE events ALTER COLUMN txid SET DEFAULT (pg_current_xact_id()::text::bigint)')
        op.execute('UPDATE events SET txid = 0 WHERE txid IS NULL')
    op.add_column('login_challenges', sa.Column('landing', sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column('login_challenges', 'landing')
    op.drop_index('ix_events_feed', table_name='events')
    op.drop_column('events', 'txid')
    op.drop_index(op.f('ix_document_links_document_id'), table_name='document_links')
    op.drop_index('ix_document_links_created_at', table_name='document_links')
    op.drop_table('document_links')
