"""payments of several invoices: one allocation row per invoice a payment pays (PRODUCT §13)

The one-unfinished-payment-per-invoice rule moves from payments to the allocations (a partial unique index on the
holding rows); every existing payment gets its one allocation, its shares being its own totals. `settled` moves to
the allocations too; `release_requested` remembers that the uncaptured rest of an authorisation was released.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CODE_POINT = sa.String().with_variant(sa.VARCHAR(collation='C'), 'postgresql')


def upgrade() -> None:
    op.create_table('payment_allocations',
    sa.Column('payment_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Uuid(), nullable=False),
    sa.Column('invoice_number', _CODE_POINT, nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('captured', sa.BigInteger(), nullable=False),
    sa.Column('refunded', sa.BigInteger(), nullable=False),
    sa.Column('settled', sa.BigInteger(), nullable=False),
    sa.Column('planned', sa.BigInteger(), nullable=False),
    sa.Column('holds', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_payment_allocations_document_id_documents')),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_allocations_payment_id_payments')),
    sa.PrimaryKeyConstraint('payment_id', 'position', name=op.f('pk_payment_allocations'))
    )
    op.create_index(op.f('ix_payment_allocations_document_id'), 'payment_allocations', ['document_id'], unique=False)
    op.create_index('uq_payment_allocations_one_holding_per_document', 'payment_allocations', ['document_id'],
                    unique=True, postgresql_where=sa.text('holds'), sqlite_where=sa.text('holds'))
    op.execute(
        "INSERT INTO payment_allocations (payment_id, position, document_id, invoice_number, amount, captured,"
        " refunded, settled, planned, holds)"
        " SELECT id, 0, document_id, invoice_number, amount, captured, refunded, settled, captured,"
        " status = 'pending'"
        " FROM payments"
    )
    op.drop_index('uq_payments_one_pending_per_document', table_name='payments')
    with op.batch_alter_table('payments') as batch:
        batch.add_column(sa.Column('release_requested', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.drop_column('settled')
    with op.batch_alter_table('payments') as batch:
        batch.alter_column('release_requested', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('payments') as batch:
        batch.add_column(sa.Column('settled', sa.BigInteger(), nullable=False, server_default='0'))
    op.execute(
        "UPDATE payments SET settled = (SELECT COALESCE(SUM(a.settled), 0) FROM payment_allocations a"
        " WHERE a.payment_id = payments.id)"
    )
    with op.batch_alter_table('payments') as batch:
        batch.alter_column('settled', server_default=None)
        batch.drop_column('release_requested')
    op.create_index('uq_payments_one_pending_per_document', 'payments', ['document_id'], unique=True,
                    postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
    op.drop_index('uq_payment_allocations_one_holding_per_document', table_name='payment_allocations')
    op.drop_index(op.f('ix_payment_allocations_document_id'), table_name='payment_allocations')
    op.drop_table('payment_allocations')
