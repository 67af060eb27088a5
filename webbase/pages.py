"""Server-rendered pages in both services: the shared layout and banner templates."""

from __future__ import annotations

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader


def init_templates(app: Flask) -> None:
    """Let the app's templates extend ``webbase/layout.html`` and include the banner."""
    loaders = [app.jinja_loader] if app.jinja_loader is not None else []
    app.jinja_loader = ChoiceLoader([*loaders, PackageLoader("webbase")])
