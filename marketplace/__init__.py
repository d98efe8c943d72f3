"""The job marketplace web service."""
