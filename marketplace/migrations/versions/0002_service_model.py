"""customer-service model: meetings, plans, reports, offers, neglects, sanctions, audit

Revision ID: 0002_service_model
Revises: 0001
Create Date: 2026-11-28 21:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import marketplace.db

revision: str = "0002_service_model"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    """Foreign key named by the project's convention (fk_<table>_<column>_<target table>)."""
    target_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{target_table}"), ondelete=ondelete
    )


def _customer_fk(table: str) -> sa.ForeignKeyConstraint:
    return _fk(table, "customer_id", "service_customers.user_id", "CASCADE")


def _created_at() -> sa.Column:
    return sa.Column("created_at", marketplace.db.UTCDateTime(timezone=True), nullable=False)


def _index_customer(table: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_customer_id"), ["customer_id"], unique=False)


TABLES = (
    "service_audit",
    "service_sanctions",
    "service_neglects",
    "service_job_offers",
    "service_job_applications",
    "service_plans",
    "service_meetings",
)


def upgrade() -> None:
    with op.batch_alter_table("service_customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_periodic_interview", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("laid_off", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("weighty_reason", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("part_time_work", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("municipal_trial", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("channel_preference", sa.String(length=10), nullable=True))

    op.create_table(
        "service_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("period_label", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("organizer", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", marketplace.db.UTCDateTime(timezone=True), nullable=True),
        _created_at(),
        _customer_fk("service_meetings"),
        _fk("service_meetings", "recorded_by_id", "users.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_meetings")),
        sa.UniqueConstraint(
            "customer_id", "period_label", "number", name="uq_service_meetings_slot"
        ),
    )
    _index_customer("service_meetings")

    op.create_table(
        "service_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("next_update_due", sa.Date(), nullable=False),
        sa.Column("required", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        _created_at(),
        sa.CheckConstraint("required >= 0", name=op.f("ck_service_plans_required_not_negative")),
        _customer_fk("service_plans"),
        _fk("service_plans", "made_by_id", "users.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_plans")),
    )
    _index_customer("service_plans")

    op.create_table(
        "service_job_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("employer", sa.String(length=200), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=True),
        sa.Column("realistic", sa.Boolean(), server_default=sa.true(), nullable=False),
        _created_at(),
        _customer_fk("service_job_applications"),
        _fk("service_job_applications", "vacancy_id", "vacancies.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_job_applications")),
    )
    _index_customer("service_job_applications")
    with op.batch_alter_table("service_job_applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_job_applications_vacancy_id"), ["vacancy_id"], unique=False
        )

    op.create_table(
        "service_job_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("binding", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("reported_before", sa.Integer(), nullable=False),
        sa.Column("required", sa.Integer(), nullable=False),
        sa.Column("offered_by_id", sa.Integer(), nullable=True),
        _created_at(),
        _customer_fk("service_job_offers"),
        _fk("service_job_offers", "vacancy_id", "vacancies.id", "SET NULL"),
        _fk("service_job_offers", "offered_by_id", "users.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_job_offers")),
    )
    _index_customer("service_job_offers")

    op.create_table(
        "service_neglects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("conduct_on", sa.Date(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        _created_at(),
        _customer_fk("service_neglects"),
        _fk("service_neglects", "meeting_id", "service_meetings.id", "CASCADE"),
        _fk("service_neglects", "recorded_by_id", "users.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_neglects")),
        sa.UniqueConstraint("customer_id", "period_start", name="uq_service_neglects_period"),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_service_neglects_meeting_id")),
    )
    _index_customer("service_neglects")

    op.create_table(
        "service_sanctions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("neglect_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("conduct_on", sa.Date(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("weeks", sa.Integer(), nullable=True),
        sa.Column("rules", sa.String(length=5), nullable=False),
        sa.Column("job_loss_reason", sa.String(length=40), nullable=True),
        sa.Column("job_max_days", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        _created_at(),
        sa.CheckConstraint(
            "(neglect_id IS NOT NULL AND step IS NOT NULL AND job_loss_reason IS NULL)"
            " OR (neglect_id IS NULL AND step IS NULL AND job_loss_reason IS NOT NULL)",
            name=op.f("ck_service_sanctions_source"),
        ),
        _customer_fk("service_sanctions"),
        _fk("service_sanctions", "neglect_id", "service_neglects.id", "CASCADE"),
        _fk("service_sanctions", "decided_by_id", "users.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_sanctions")),
        sa.UniqueConstraint("neglect_id", name=op.f("uq_service_sanctions_neglect_id")),
    )
    _index_customer("service_sanctions")

    op.create_table(
        "service_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", marketplace.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        _customer_fk("service_audit"),
        _fk("service_audit", "actor_id", "users.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_audit")),
    )
    _index_customer("service_audit")


def downgrade() -> None:
    with op.batch_alter_table("service_job_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_job_applications_vacancy_id"))
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_customer_id"))
        op.drop_table(table)
    with op.batch_alter_table("service_customers", schema=None) as batch_op:
        for column in (
            "channel_preference",
            "municipal_trial",
            "part_time_work",
            "weighty_reason",
            "laid_off",
            "last_periodic_interview",
        ):
            batch_op.drop_column(column)
