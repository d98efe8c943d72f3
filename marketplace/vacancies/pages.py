"""Vacancies pages."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from marketplace.deps import verify_csrf

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
