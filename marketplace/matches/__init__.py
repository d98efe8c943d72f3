"""Matching both ways: ranked candidates for a vacancy, recommended vacancies for a jobseeker."""
