"""Signing keys: credential keys and PDF keys, the JWKS, rotation, compromise and re-signing."""
