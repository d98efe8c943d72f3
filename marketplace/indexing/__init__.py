"""Indexing domain."""
