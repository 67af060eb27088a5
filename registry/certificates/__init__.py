"""Certificates: single issuance, the one issuance pipeline, reading back, downloads."""
