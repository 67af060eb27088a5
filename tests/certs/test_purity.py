"""certs is the pure core: no Flask, no database, no environment."""

import ast
from pathlib import Path

CERTS = Path(__file__).resolve().parents[2] / "certs"
FORBIDDEN = (
    "flask",
    "sqlalchemy",
    "marshmallow",
    "werkzeug",
    "registry",
    "verify",
    "webbase",
    "os",
    "psycopg",
)


def test_certs_imports_no_framework_database_or_environment():
    for path in CERTS.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
