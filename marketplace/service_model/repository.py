"""Queries on employment-service customerships."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.service_model.models import Customer


def specialist_of(session: Session, user_id: int) -> int | None:
    """Id of the specialist responsible for a jobseeker, if any."""
    return session.scalar(select(Customer.specialist_id).where(Customer.user_id == user_id))


def get_customer(session: Session, user_id: int) -> Customer | None:
    return session.get(Customer, user_id)
