"""sanction sources: refusals of binding job offers, the neglect's number and the decision day

Revision ID: 0007_sanction_sources
Revises: 0006_sign_ins
Create Date: 2026-12-02 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_sanction_sources"
down_revision: str | Sequence[str] | None = "0006_sign_ins"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_SOURCE = (
    "(neglect_id IS NOT NULL AND step IS NOT NULL AND job_loss_reason IS NULL)"
    " OR (neglect_id IS NULL AND step IS NULL AND job_loss_reason IS NOT NULL)"
)
# A sanction comes from exactly one of: a neglect (with its ladder step), a job loss (with its
# reason) or the refusal of a binding job offer (with the offer).
NEW_SOURCE = (
    "(neglect_id IS NOT NULL AND step IS NOT NULL AND job_loss_reason IS NULL"
    " AND offer_id IS NULL)"
    " OR (neglect_id IS NULL AND step IS NULL AND job_loss_reason IS NOT NULL"
    " AND offer_id IS NULL)"
    " OR (neglect_id IS NULL AND step IS NULL AND job_loss_reason IS NULL"
    " AND offer_id IS NOT NULL)"
)


def upgrade() -> None:
    with op.batch_alter_table("service_sanctions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("offer_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("neglect_number", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_service_sanctions_offer_id_service_job_offers"),
            "service_job_offers",
            ["offer_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_unique_constraint(batch_op.f("uq_service_sanctions_offer_id"), ["offer_id"])
        batch_op.drop_constraint(batch_op.f("ck_service_sanctions_source"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_service_sanctions_source"), NEW_SOURCE)
    # Sanctions decided so far: the day they were stored; steps 1-3 are also the number.
    op.execute("UPDATE service_sanctions SET decided_on = date(created_at)")
    op.execute("UPDATE service_sanctions SET neglect_number = step WHERE step IS NOT NULL")
    with op.batch_alter_table("service_sanctions", schema=None) as batch_op:
        batch_op.alter_column("decided_on", existing_type=sa.Date(), nullable=False)


def downgrade() -> None:
    op.execute("DELETE FROM service_sanctions WHERE offer_id IS NOT NULL")
    with op.batch_alter_table("service_sanctions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_service_sanctions_source"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_service_sanctions_source"), OLD_SOURCE)
        batch_op.drop_constraint(batch_op.f("uq_service_sanctions_offer_id"), type_="unique")
        batch_op.drop_constraint(
            batch_op.f("fk_service_sanctions_offer_id_service_job_offers"), type_="foreignkey"
        )
        batch_op.drop_column("decided_on")
        batch_op.drop_column("neglect_number")
        batch_op.drop_column("offer_id")
