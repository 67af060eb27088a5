"""``flask --app registry import-register FILE``: the bureau's existing register into this
registry, in chunks that each commit whole, with a progress bar; resumable and idempotent
by the file's SHA-256 and row."""

from __future__ import annotations

import os
from pathlib import Path

import click

from certs.spreadsheet import csv_line
from registry.audit.services import Actor
from registry.batches.access_codes import create_private_file
from registry.imports.runner import (
    CODES_HEADER,
    REPORT_HEADER,
    Outputs,
    count_rows,
    run_import,
)
from registry.web.cli import cli_errors, state


@click.command("import-register")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV of every refused row (row, field, code, reason in English and Chinese), and "
    "of duplicates and notes; default FILE.report-<n>.csv.",
)
@click.option(
    "--codes",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Mail-merge CSV of the holders' access codes (mode 0600, never overwritten); "
    "default FILE.codes-<n>.csv. Codes are never printed.",
)
@click.option("--chunk-size", default=1000, show_default=True, type=click.IntRange(1, 10000))
def import_register(
    file: Path, dry_run: bool, report: Path | None, codes: Path | None, chunk_size: int
) -> None:
    """Import the existing register from FILE (CSV in UTF-8, UTF-8 with a BOM or GB18030, or
    .xlsx): each title becomes a certificate signed by the registry, route imported."""
    app = state()
    report = report or _free(file, "report")
    codes_path = None if dry_run else (codes or _free(file, "codes"))
    with cli_errors(), report.open("x", encoding="utf-8-sig", newline="") as report_out:
        report_out.write(csv_line(REPORT_HEADER))
        codes_out = None
        if codes_path is not None:
            codes_out = os.fdopen(create_private_file(codes_path), "wb")
            codes_out.write(("\ufeff" + csv_line(CODES_HEADER)).encode())
        try:
            with click.progressbar(length=count_rows(file), label="import", file=None) as bar:
                summary = run_import(
                    app.sessions,
                    file,
                    None if dry_run else app.issuer,
                    app.protector,
                    Actor.operator(),
                    app.clock,
                    Outputs(report_out, codes_out),
                    chunk_size,
                    bar.update,
                )
        finally:
            if codes_out is not None:
                codes_out.close()
    if summary.already_done:
        click.echo(f"already imported (sha256 {summary.file_sha256[:16]}...): nothing added")
        return
    if summary.resumed_after:
        click.echo(f"resumed after row {summary.resumed_after}")
    verb = "would import" if dry_run else "imported"
    click.echo(
        f"{verb} {summary.imported}, duplicates {summary.duplicates}, refused "
        f"{summary.refused}; report {report}"
    )
    if codes_path is not None:
        click.echo(f"access codes for {summary.codes_written} certificates: {codes_path} (0600)")


def _free(file: Path, kind: str) -> Path:
    for number in range(1, 10_000):
        candidate = file.with_name(f"{file.name}.{kind}-{number}.csv")
        if not candidate.exists():
            return candidate
    raise click.ClickException(f"no free name for the {kind} file beside {file}")
