"""Importing the existing register, against a baseline of the unavoidable work.

The same generated file of N rows (CSV, the command's columns) is imported by the runner the
command `import-register` uses (chunks of 1,000 rows, each checked, signed, recorded with its
audit records, access codes and public record, and committed; the report and the codes file
written), on a fresh database. The baseline, in the same process and run: sign the same two
credentials and the public record for each row (raw signing, no database), then write the same
holders, certificates and public records as fast as the database takes them (PostgreSQL: COPY;
SQLite, which has no COPY: one Core executemany per table in one transaction), on another fresh
database. Prints the times, the ratios, and the process's peak RSS. Nothing is asserted.

Run: `.venv/bin/python bench/register_import.py [--rows N] [--database-url URL] [--no-sqlite]`
(SQLite unless --no-sqlite; PostgreSQL too when a URL is given).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from batch_issue import OPERATOR, Scratch
from stdnum.cn import ric

from certs.credential.model import CertificateFacts, full_credential, qr_credential
from certs.credential.sign import sign_credential
from certs.evaluation import REGISTER
from certs.idcard import mask_id_number
from certs.levels import IMPORTED, TRACK_NOT_RECORDED
from certs.serials import generate_serial
from registry.certificates.models import Certificate, Holder
from registry.holders.access import new_access_code
from registry.imports.runner import CODES_HEADER, REPORT_HEADER, Outputs, run_import
from registry.imports.services import original_lookup_hash, register_entries
from registry.projection.certificates import public_values, signed_row
from registry.projection.models import PublicCertificate

NOW = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
BODY = "北京市工程技术系列中级职称评审委员会（原）"
HEADER = ["姓名", "身份证号码", "职称", "专业", "发证机构"]
HEADER += ["批准文号", "批准日期", "证书编号", "来源"]


def write_register(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for index in range(count):
            born = f"19{60 + index // 900 % 40:02d}0{1 + index // 36000 % 9}01"
            body = f"110105{born}{index % 900:03d}"
            writer.writerow(
                [
                    "王" + chr(0x4E00 + index % 20000) + chr(0x4E00 + index // 20000),
                    body + ric.calc_check_digit(body + "0"),
                    "工程师",
                    "电子信息技术",
                    BODY,
                    f"京职改〔{2000 + index % 20}〕{index % 97 + 1}号",
                    f"{2000 + index % 20}-06-30",
                    f"No.{index:07d}",
                    "纸质证书",
                ]
            )


def read_register(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run_service(scratch: Scratch, path: Path, workdir: Path) -> float:
    state = scratch.state
    started = time.perf_counter()
    with (
        (workdir / "report.csv").open("w", encoding="utf-8") as report,
        (workdir / "codes.csv").open("wb") as codes,
    ):
        report.write(",".join(REPORT_HEADER) + "\n")
        codes.write((",".join(CODES_HEADER) + "\n").encode())
        summary = run_import(
            state.sessions,
            path,
            state.issuer,
            state.protector,
            OPERATOR,
            lambda: NOW,
            Outputs(report, codes),
            1000,
        )
    elapsed = time.perf_counter() - started
    assert summary.refused == 0 and summary.duplicates == 0, summary
    return elapsed


def sign_rows(scratch: Scratch, rows: list[dict[str, str]]) -> tuple[float, dict]:
    """Raw signing: the two credentials and the public record of each row, nothing else."""
    state = scratch.state
    with state.sessions() as session, session.begin():
        issuer = state.issuer(session)
        committee, specialty = register_entries(session, NOW)
        session.expunge_all()
    protector = state.protector
    started = time.perf_counter()
    certificates, public = [], []
    for index, row in enumerate(rows):
        facts = CertificateFacts(
            serial=generate_serial(),
            holder_name=row["姓名"],
            level="engineer",
            specialty_code=specialty.code,
            specialty_name=row["专业"],
            committee_code=committee.code,
            committee_name=row["发证机构"],
            decision_number=row["批准文号"],
            decision_date=dt.date.fromisoformat(row["批准日期"]),
            evaluation_track=TRACK_NOT_RECORDED,
            evaluation_method=REGISTER,
            route=IMPORTED,
            issued_at=NOW,
            status_index=index,
            status_base_url=issuer.verify_base_url,
            original_number=row["证书编号"],
            import_source="paper",
        )
        qr_token = sign_credential(qr_credential(facts, issuer.issuer_id), issuer.signer)
        credential = sign_credential(
            full_credential(facts, issuer.issuer_id, issuer.issuer_name), issuer.signer
        )
        certificates.append(_certificate(facts, index, committee, specialty, credential, qr_token))
        certificates[-1]["kid"] = issuer.signer.kid
        public.append(signed_row(_public(facts, index, committee, issuer), issuer.signer))
    signing = time.perf_counter() - started
    holders = [
        {
            "id": index + 1,
            "id_number_hash": protector.lookup_hash(row["身份证号码"]),
            "id_number_encrypted": protector.encrypt(row["身份证号码"]),
            "id_number_masked": mask_id_number(row["身份证号码"]),
            "created_at": NOW,
        }
        for index, row in enumerate(rows)
    ]
    for index, (row, certificate) in enumerate(zip(rows, certificates, strict=True)):
        certificate["original_lookup_hash"] = original_lookup_hash(
            protector, row["证书编号"], row["姓名"]
        )
        certificate["id"] = index + 1
        certificate["code_hash"] = new_access_code(protector)[1]
    return signing, {"holders": holders, "certificates": certificates, "public": public}


def _certificate(facts, index, committee, specialty, credential, qr_token) -> dict:
    return {
        "serial": facts.serial,
        "holder_id": index + 1,
        "holder_name": facts.holder_name,
        "level": facts.level,
        "specialty_id": specialty.id,
        "committee_id": committee.id,
        "decision_number": facts.decision_number,
        "decision_date": facts.decision_date,
        "evaluation_track": facts.evaluation_track,
        "evaluation_method": facts.evaluation_method,
        "route": IMPORTED,
        "route_basis": None,
        "status": "valid",
        "issued_at": NOW,
        "issued_by": None,
        "credential": credential,
        "qr_token": qr_token,
        "status_index": index,
        "signed_at": NOW,
        "original_number": facts.original_number,
        "import_source": "paper",
        "issuing_body": facts.committee_name,
        "specialty_as_written": facts.specialty_name,
    }


def _public(facts, index, committee, issuer) -> dict:
    return public_values(
        serial=facts.serial,
        holder_name=facts.holder_name,
        level=facts.level,
        specialty={"code": facts.specialty_code, "name_zh": facts.specialty_name, "name_en": ""},
        committee=committee,
        decision_number=facts.decision_number,
        decision_date=facts.decision_date,
        evaluation_track=facts.evaluation_track,
        evaluation_method=facts.evaluation_method,
        route=IMPORTED,
        issued_at=NOW,
        status="valid",
        kid=issuer.signer.kid,
        status_index=index,
        signed_at=NOW,
        now=NOW,
        original_number=facts.original_number,
        import_source="paper",
        issuing_body=facts.committee_name,
    )


def bulk_write(scratch: Scratch, data: dict) -> float:
    """The same rows written as fast as the database takes them: COPY on PostgreSQL."""
    certificates = [
        {k: v for k, v in row.items() if k != "code_hash"} for row in data["certificates"]
    ]
    tables = (
        (Holder.__table__, data["holders"]),
        (Certificate.__table__, certificates),
        (PublicCertificate.__table__, data["public"]),
    )
    engine = scratch.state.engine
    started = time.perf_counter()
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            cursor = connection.connection.driver_connection.cursor()
            for table, rows in tables:
                columns = list(rows[0])
                with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([row[c] for c in columns])
        else:
            for table, rows in tables:
                connection.execute(sa.insert(table), rows)
    return time.perf_counter() - started


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(label: str, base_url: str | None, path: Path, workdir: Path) -> None:
    # The import first, so that the peak RSS after it is its own (the baseline then holds
    # every signed row in memory at once, which the import never does).
    scratch = Scratch(base_url, workdir)
    try:
        importing = run_service(scratch, path, workdir)
    finally:
        scratch.close()
    import_rss = peak_rss_mib()
    rows = read_register(path)
    scratch = Scratch(base_url, workdir)
    try:
        sign_rows(scratch, rows[:200])  # warm-up: first calls, caches
        signing, data = sign_rows(scratch, rows)
    finally:
        scratch.close()
    scratch = Scratch(base_url, workdir)
    try:
        with scratch.state.sessions() as session, session.begin():
            register_entries(session, NOW)
        writing = bulk_write(scratch, data)
    finally:
        scratch.close()
    count = len(rows)
    print(
        f"{label:<10} {count:>7} rows  import {importing:7.2f} s ({count / importing:6.0f} rows/s)"
        f"  raw signing {signing:6.2f} s  bulk write {writing:6.2f} s"
        f"  import/signing {importing / signing:5.2f}"
        f"  import/(signing+write) {importing / (signing + writing):5.2f}"
        f"  peak RSS after the import {import_rss:5.0f} MiB, after the baseline"
        f" {peak_rss_mib():5.0f} MiB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="PostgreSQL URL (a scratch schema is used)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        path = workdir / "register.csv"
        write_register(path, args.rows)
        print(
            f"{args.rows} rows, {path.stat().st_size / 2**20:.1f} MiB; ratio = import / baseline;"
            " bulk write = COPY on PostgreSQL, executemany on SQLite",
            flush=True,
        )
        if not args.no_sqlite:
            measure("sqlite", None, path, workdir)
        if args.database_url:
            measure("postgresql", args.database_url, path, workdir)


if __name__ == "__main__":
    main()
