"""Taxonomy domain."""
