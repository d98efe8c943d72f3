"""CV access log

Revision ID: 0003_cv_audit
Revises: 0001
Create Date: 2026-11-28 21:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import marketplace.db

revision: str = "0003_cv_audit"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cv_access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("viewer_user_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("organization_name", sa.String(length=200), nullable=False),
        sa.Column("viewer_name", sa.String(length=200), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("created_at", marketplace.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_cv_access_log_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["viewer_user_id"],
            ["users.id"],
            name=op.f("fk_cv_access_log_viewer_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_cv_access_log_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cv_access_log")),
    )
    with op.batch_alter_table("cv_access_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cv_access_log_profile_id"), ["profile_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cv_access_log_viewer_user_id"), ["viewer_user_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cv_access_log_created_at"), ["created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("cv_access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cv_access_log_created_at"))
        batch_op.drop_index(batch_op.f("ix_cv_access_log_viewer_user_id"))
        batch_op.drop_index(batch_op.f("ix_cv_access_log_profile_id"))
    op.drop_table("cv_access_log")
