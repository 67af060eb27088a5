"""WSGI entry point: ``gunicorn verify.wsgi:app``."""

from verify import create_app

app = create_app()
