"""verify holds nothing worth stealing: it never imports registry nor the signing half."""

import ast
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from registry.db import Base
from registry.projection import models as projection
from verify import tables

ROOT = Path(__file__).resolve().parents[2]


def test_verify_source_never_imports_registry_or_signing():
    for path in (ROOT / "verify").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            modules = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            )
            for module in modules:
                forbidden = ("registry", "certs.credential.sign", "certs.pdf.sign")
                assert not module.startswith(forbidden), f"{path}: {module}"


def test_loading_the_verify_app_loads_no_registry_module(database_url, tmp_path):
    script = (
        "import sys\n"
        "from verify import create_app\n"
        "from verify.config import Settings\n"
        f"app = create_app(Settings(database_url={database_url!r}, public_base_url='http://x.cn'))\n"
        "app.test_client().get('/api/v1/certificates/0000-0000-0000-0000')\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.startswith(('registry', 'certs.credential.sign', 'certs.pdf.sign')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_verify_reads_columns_the_migrations_really_create(database_url):
    engine = sa.create_engine(database_url)
    inspector = sa.inspect(engine)
    for table in tables.metadata.sorted_tables:
        actual = {column["name"] for column in inspector.get_columns(table.name)}
        assert {c.name for c in table.columns} <= actual, table.name
    engine.dispose()


def test_verify_reads_only_the_public_tables_the_projection_writes():
    public = {
        table.name
        for table in Base.metadata.sorted_tables
        if any(getattr(cls, "__table__", None) is table for cls in vars(projection).values())
    }
    read = {table.name for table in tables.metadata.sorted_tables}
    assert len(read) >= 10 and read <= public, read - public
