"""Employers domain."""
