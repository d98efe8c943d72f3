"""Conversations between employers and candidates through the platform."""
