"""sign-in, sessions, rate limits, stored pdfs

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('customer_sessions',
    sa.Column('id_hash', sa.LargeBinary(length=32), nullable=False),
    sa.Column('email', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_customer_sessions'))
    )
    op.create_index(op.f('ix_customer_sessions_email'), 'customer_sessions', ['email'], unique=False)
    op.create_table('login_challenges',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('email', sa.Text(), nullable=False),
    sa.Column('code_hash', sa.LargeBinary(length=32), nullable=False),
    sa.Column('link_hash', sa.LargeBinary(length=32), nullable=False),
    sa.Column('browser_hash', sa.LargeBinary(length=32), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('consumed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_challenges')),
    sa.UniqueConstraint('link_hash', name=op.f('uq_login_challenges_link_hash'))
    )
    op.create_index('ix_login_challenges_email_open', 'login_challenges', ['email', 'expires_at'], unique=False)
    op.create_table('rate_limit_buckets',
    sa.Column('bucket', sa.String(length=200), nullable=False),
    sa.Column('touched_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('bucket', name=op.f('pk_rate_limit_buckets'))
    )
    op.create_table('rate_limit_hits',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('bucket', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_limit_hits'))
    )
    op.create_index('ix_rate_limit_hits_bucket_at', 'rate_limit_hits', ['bucket', 'at'], unique=False)
    op.create_table('document_pdfs',
    sa.Column('document_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('rendered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_pdfs_document_id_documents')),
    sa.PrimaryKeyConstraint('document_id', 'version', name=op.f('pk_document_pdfs'))
    )


def downgrade() -> None:
    op.drop_table('document_pdfs')
    op.drop_index('ix_rate_limit_hits_bucket_at', table_name='rate_limit_hits')
    op.drop_table('rate_limit_hits')
    op.drop_table('rate_limit_buckets')
    op.drop_index('ix_login_challenges_email_open', table_name='login_challenges')
    op.drop_table('login_challenges')
    op.drop_index(op.f('ix_customer_sessions_email'), table_name='customer_sessions')
    op.drop_table('customer_sessions')
