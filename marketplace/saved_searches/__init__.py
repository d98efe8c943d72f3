"""Saved searches with counts of results that are new since the last visit."""
