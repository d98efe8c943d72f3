"""Candidate search: employers find public and anonymous jobseeker profiles."""
