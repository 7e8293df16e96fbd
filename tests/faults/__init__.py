"""Faults (issue 12): the portal when parts of it fail, on PostgreSQL, through the real fakes."""
