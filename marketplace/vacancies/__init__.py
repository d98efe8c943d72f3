"""Vacancies domain."""
