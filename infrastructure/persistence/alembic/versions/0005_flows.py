"""flows, flow runs, the embedded SMS outbox, the daily job's ledgers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('daily_jobs',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('run_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_daily_jobs'))
    )
    op.create_table('flow_runs',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('flow_name', sa.String(length=64), nullable=False),
    sa.Column('action_index', sa.Integer(), nullable=False),
    sa.Column('action', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('party', sa.String(length=64), nullable=True),
    sa.Column('document_id', sa.Uuid(), nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('unless', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_runs')),
    sa.UniqueConstraint('flow_name', 'event_id', 'action_index', name=op.f('uq_flow_runs_flow_name_event_id_action_index'))
    )
    op.create_index('ix_flow_runs_created_at', 'flow_runs', ['created_at'], unique=False)
    op.create_index('ix_flow_runs_status', 'flow_runs', ['status', 'due_at'], unique=False)
    op.create_table('flows',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('on_type', sa.String(length=64), nullable=False),
    sa.Column('conditions', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('wait_seconds', sa.Integer(), nullable=True),
    sa.Column('unless', sa.String(length=64), nullable=True),
    sa.Column('actions', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_flows'))
    )
    op.create_table('sms_outbox',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('recipient', sa.String(length=32), nullable=False),
    sa.Column('sender', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_outbox')),
    sa.UniqueConstraint('key', name=op.f('uq_sms_outbox_key'))
    )
    op.create_index(op.f('ix_sms_outbox_sent_at'), 'sms_outbox', ['sent_at'], unique=False)
    op.create_table('overdue_invoices',
    sa.Column('document_id', sa.Uuid(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_overdue_invoices_document_id_documents')),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_overdue_invoices'))
    )


def downgrade() -> None:
    op.drop_table('overdue_invoices')
    op.drop_index(op.f('ix_sms_outbox_sent_at'), table_name='sms_outbox')
    op.drop_table('sms_outbox')
    op.drop_table('flows')
    op.drop_index('ix_flow_runs_status', table_name='flow_runs')
    op.drop_index('ix_flow_runs_created_at', table_name='flow_runs')
    op.drop_table('flow_runs')
    op.drop_table('daily_jobs')
