"""Importing the bureau's existing register of titles (certs.register_import)."""
