"""users.session_key: a random per-account key bound into tokens and session cookies

Revision ID: 0005_user_session_key
Revises: 0002_service_model, 0003_cv_audit, 0004_employer_tools
Create Date: 2026-12-02 00:00:00.000000
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_user_session_key"
down_revision: str | Sequence[str] | None = (
    "0002_service_model",
    "0003_cv_audit",
    "0004_employer_tools",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_key", sa.String(length=64), nullable=True))
    users = sa.table("users", sa.column("id", sa.Integer()), sa.column("session_key"))
    conn = op.get_bind()
    # Every existing account gets its own key, so every token issued before is void.
    for (user_id,) in conn.execute(sa.select(users.c.id)).all():
        conn.execute(
            users.update().where(users.c.id == user_id).values(session_key=secrets.token_hex(16))
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("session_key", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_users_session_key"), ["session_key"])


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_session_key"), type_="unique")
        batch_op.drop_column("session_key")
