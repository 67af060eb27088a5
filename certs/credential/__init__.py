"""The credential: its data model, its JOSE encoding, the signing half and the checking half.

``sign`` and ``verify`` are separate on purpose: the verify service imports the checking half
and never the signing half (tests/test_boundaries.py holds it to that).
"""
