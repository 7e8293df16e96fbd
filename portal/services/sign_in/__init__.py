"""Signing in: victims' invitations and codes, staff passwords and second factors, server-side
sessions, tokens and password hashing."""
