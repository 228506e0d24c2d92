"""audit_events is append-only: triggers refuse UPDATE and DELETE

Revision ID: b7c1e0a2f001
Revises: 50a7a9db9f46
"""
from alembic import op

from platform_core.audit.models import PG_APPEND_ONLY, SQLITE_APPEND_ONLY

revision = "b7c1e0a2f001"
down_revision = "50a7a9db9f46"
branch_labels = None
depends_on = None


def upgrade():
    dialect = op.get_bind().dialect.name
    for statement in PG_APPEND_ONLY if dialect == "postgresql" else SQLITE_APPEND_ONLY if dialect == "sqlite" else []:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
