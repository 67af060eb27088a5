"""Holders' access to their own certificate: access codes, sessions, share links, and
the share page."""
