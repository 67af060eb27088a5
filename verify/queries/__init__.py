"""What verify reads from the public projection, and the answers it builds from the rows.

Plain functions of an engine and explicit inputs (the day included: they never read the
clock), plus the two readers that cache: certificates and keys (``lookup``) and the
PDF-signing certificates. Nothing here knows about Flask or the request.
"""
