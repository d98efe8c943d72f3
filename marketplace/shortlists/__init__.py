"""Shortlists: the candidates an employer keeps in view for one vacancy."""
