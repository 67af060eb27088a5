"""The documents stay true: their links lead somewhere, the policy clauses they cite exist
and say what they quote, and the variables, commands, make targets and API paths they name
are the code's own.

Nothing here imports the services' modules: the operator commands are asked for their
``--help`` in a subprocess, and the OpenAPI documents come from the apps the shared fixtures
build, so these tests keep working while modules move.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click

from registry.cli import COMMANDS
from tests.policy_text import (
    CLAUSES,
    CODE_CITATION,
    POLICY_TEXT,
    ROOT,
    markdown_citations,
    normal,
)
from tests.policy_text import without_code as _without_code

README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
READER_DOCUMENTS = [README, *DOCS]
ALL_DOCUMENTS = [
    *READER_DOCUMENTS,
    ROOT / "CHANGELOG.md",
    ROOT / "deploy" / "README.md",
    ROOT / "bench" / "README.md",
]
POLICY_DOC = ROOT / "docs" / "policy.md"
OPERATIONS_DOC = ROOT / "docs" / "operations.md"
API_DOC = ROOT / "docs" / "api.md"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _table_rows(markdown: str) -> list[list[str]]:
    """Every row of every table, as cells; header and rule rows included."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in markdown.splitlines()
        if line.startswith("|") and line.rstrip().endswith("|")
    ]


# The policy's numbering (the parser is shared with tests/test_citations.py) --------------


def test_the_policy_parser_finds_the_numbering_the_text_uses():
    assert {"一", "二", "三", "四"} <= CLAUSES.keys()
    assert {f"附件{part}" for part in "一二三四五"} <= CLAUSES.keys()
    assert "未分级设置的对应中级职称" in CLAUSES["三(三)3"]
    assert "取得中级职称后，从事本专业技术工作满5年" in CLAUSES["附件四(一)2(3)"]
    assert "技工院校毕业生按本办法有关规定申报" in CLAUSES["附件一(二)3"]
    assert "直通车" in CLAUSES["附件五(四)"]
    # Items belong to their section and sections to their part, nothing leaks sideways.
    assert "伪造学历" in CLAUSES["三(二)1"] and "伪造学历" not in CLAUSES["三(三)"]
    assert "三(三)4" not in CLAUSES and "附件四(五)" not in CLAUSES and "附件六" not in CLAUSES
    assert "附件三(一)2(7)" not in CLAUSES and "四(一)1" not in CLAUSES


def test_every_policy_clause_the_documents_cite_exists():
    cited = {
        (document.relative_to(ROOT).as_posix(), citation)
        for document in ALL_DOCUMENTS
        for citation in markdown_citations(_text(document))
    }
    in_policy_doc = {c for d, c in cited if d == "docs/policy.md"}
    assert len(in_policy_doc) >= 20, sorted(in_policy_doc)
    missing = sorted((d, c) for d, c in cited if c not in CLAUSES)
    assert not missing, f"cited but not in the policy text: {missing}"


def test_each_policy_row_quotes_the_clause_it_cites():
    rows = [
        row
        for row in _table_rows(_text(POLICY_DOC))
        if len(row) >= 3 and CODE_CITATION.search(row[0])
    ]
    assert len(rows) >= 20
    for row in rows:
        clauses = [normal(c) for c in CODE_CITATION.findall(row[0])]
        quotes = re.findall(r"「([^」]+)」", row[1])
        assert quotes, f"{clauses}: no phrase of the policy quoted in 「」"
        texts = [CLAUSES.get(clause, "") for clause in clauses]
        for quote in quotes:
            assert any(quote in text for text in texts), f"「{quote}」 is not in {clauses}"


def test_every_verbatim_quote_in_the_policy_page_is_in_the_policy():
    quotes = re.findall(r"「([^」]+)」", _text(POLICY_DOC))
    assert len(quotes) >= 20
    whole = "".join(line.strip() for line in _text(POLICY_TEXT).splitlines())
    assert not [quote for quote in quotes if quote not in whole]


# Links --------------------------------------------------------------------------------------

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(markdown: str) -> set[str]:
    anchors: set[str] = set()
    headings = re.findall(r"^#+\s+(.+?)\s*$", _without_code_blocks(markdown), re.MULTILINE)
    for heading in headings:
        slug, n = _slug(heading), 1
        while slug in anchors:
            slug, n = f"{_slug(heading)}-{n}", n + 1
        anchors.add(slug)
    return anchors


def _without_code_blocks(markdown: str) -> str:
    return re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL)


def test_every_relative_link_leads_to_a_file_and_heading_that_exist():
    checked = 0
    for document in ALL_DOCUMENTS:
        for target in LINK.findall(_without_code(_text(document))):
            if re.match(r"[a-z]+:", target):
                continue
            path_text, _, anchor = target.partition("#")
            path = (document.parent / path_text).resolve() if path_text else document
            where = f"{document.relative_to(ROOT)}: {target}"
            assert path.exists(), f"{where}: no such file"
            assert path.is_relative_to(ROOT), f"{where}: outside the repository"
            if anchor:
                assert path.suffix == ".md", where
                assert anchor in _anchors(_text(path)), f"{where}: no such heading"
            checked += 1
    assert checked >= 30


def test_the_readme_links_every_page_under_docs():
    linked = {
        (README.parent / target.partition("#")[0]).resolve()
        for target in LINK.findall(_without_code(_text(README)))
    }
    assert DOCS
    assert not [page.name for page in DOCS if page.resolve() not in linked]


# Environment variables ----------------------------------------------------------------------

SETTING_NAME = re.compile(r"""["']((?:REGISTRY|VERIFY|GUNICORN)_[A-Z0-9_]+)["']""")


def _source_files() -> list[Path]:
    skipped = {"tests", "docs", "build", "dist", "node_modules"}
    return [
        path
        for path in ROOT.rglob("*.py")
        if not any(part.startswith(".") or part in skipped for part in path.relative_to(ROOT).parts)
    ]


def _documented_variables() -> set[str]:
    rows = _table_rows(_text(OPERATIONS_DOC))
    headers = [i for i, row in enumerate(rows) if row[0] == "variable"]
    assert headers, "docs/operations.md has no table headed 'variable'"
    names = set()
    for row in rows[headers[0] + 2 :]:
        if row[0] == "variable":
            break
        names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", row[0]))
    return names


def test_every_documented_variable_is_read_by_the_code():
    documented = _documented_variables()
    assert len(documented) >= 15
    read = {name for path in _source_files() for name in SETTING_NAME.findall(_text(path))}
    assert not sorted(documented - read), "documented but read nowhere"


def test_every_variable_the_code_reads_is_documented():
    read = {name for path in _source_files() for name in SETTING_NAME.findall(_text(path))}
    assert len(read) >= 15
    assert not sorted(read - _documented_variables()), "read but not in docs/operations.md"


# Operator commands --------------------------------------------------------------------------

COMMAND = re.compile(r"flask --app registry ([^`#\n]*)")


def _documented_commands() -> list[tuple[str, list[str], list[str], str]]:
    """(command, the subcommand's alternatives or [], its options, where) for every
    ``flask --app registry ...`` in the documents."""
    found = []
    for document in READER_DOCUMENTS:
        for line in COMMAND.findall(_text(document)):
            words = line.split()
            if not words:
                continue
            options = [w.strip("[]") for w in words if w.strip("[]").startswith("--")]
            rest = [w for w in words[1:] if not w.startswith(("-", "["))]
            found.append((words[0], rest[:1], options, f"{document.name}: {line.strip()}"))
    return found


def _flask_help(var_dir: Path, words: tuple[str, ...]) -> str:
    """What ``flask --app registry <words> --help`` prints, run from this checkout with its
    own settings directory (the app is built to list its commands)."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("REGISTRY_", "VERIFY_", "FLASK_"))
    }
    environment["REGISTRY_VAR_DIR"] = str(var_dir)
    environment["REGISTRY_DEV_SECRETS"] = "1"  # secrets made in var_dir, as `make run` does
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "registry", *words, "--help"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"flask --app registry {' '.join(words)} --help: {result}"
    return result.stdout


def _listed(help_text: str, section: str) -> set[str]:
    """The names listed under ``Commands:`` in a click help text."""
    lines = help_text.split(f"\n{section}\n", 1)[1].splitlines() if section in help_text else []
    names = set()
    for line in lines:
        if not line.startswith("  "):
            break
        if line[2:3] != " ":
            names.add(line.split()[0])
    return names


def _options(help_text: str) -> set[str]:
    return set(re.findall(r"^\s+(?:-\w, )?(--[\w-]+)", help_text, re.MULTILINE))


def test_every_documented_operator_command_exists_with_its_options(tmp_path):
    documented = _documented_commands()
    assert len({command for command, *_ in documented}) >= 10
    # The app's own command line lists the commands (one real `flask --help`); their
    # subcommands and options are read from the click commands themselves.
    top = _listed(_flask_help(tmp_path, ()), "Commands:")
    commands = {command.name: command for command in COMMANDS}
    for command, sub, options, where in documented:
        assert command in top and command in commands, f"{where}: no command {command!r}"
        found = commands[command]
        if not isinstance(found, click.Group):
            assert set(options) <= _click_options(found), f"{where}: unknown option"
            continue
        assert sub, f"{where}: {command} needs one of {sorted(found.commands)}"
        for alternative in sub[0].split("|"):
            assert alternative in found.commands, f"{where}: no {command} {alternative}"
            known = _click_options(found.commands[alternative])
            assert set(options) <= known, f"{where}: {command} {alternative} options"


def _click_options(command: click.Command) -> set[str]:
    return {
        name
        for parameter in command.params
        for name in (*parameter.opts, *parameter.secondary_opts)
        if name.startswith("--")
    }


def test_every_make_target_the_documents_name_exists():
    targets = set(re.findall(r"^([a-z][\w-]*):", _text(ROOT / "Makefile"), re.MULTILINE))
    # In code: `make run` in a sentence, or a line of a command block.
    named = {
        target
        for document in READER_DOCUMENTS
        for target in re.findall(r"(?:`|^)make ([a-z][\w-]*)", _text(document), re.MULTILINE)
    }
    assert len(named) >= 4
    assert not sorted(named - targets)


# API paths ----------------------------------------------------------------------------------

METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE")
# A path on its own (not a file path such as revocation/status_lists.py).
PATH = r"(?<![\w.])(\$[RV])?(/(?:api/v1|\.well-known|status)(?![\w-])(?:/[^\s\"'`()?,;|\\]*)?)"
EXPLICIT = re.compile(rf"\b({'|'.join(METHODS)}) {PATH}")
BARE = re.compile(PATH)


def _logical_lines(markdown: str) -> list[str]:
    return markdown.replace("\\\n", " ").splitlines()


def _curl_method(segment: str) -> str:
    flags = segment.split()
    if "-X" in flags:
        return flags[flags.index("-X") + 1]
    if "-G" in flags:
        return "GET"
    if {"-d", "-F", "--data", "--data-binary", "--data-urlencode"} & set(flags):
        return "POST"
    return "GET"


def api_references(markdown: str) -> list[tuple[str | None, str | None, str]]:
    """(method or None, "registry"/"verify" or None, path) for every API path named."""
    services = {"$R": "registry", "$V": "verify", "": None}
    found = []
    for line in _logical_lines(markdown):
        if re.search(r"\bcurl\b", line):
            for segment in re.split(r"\bcurl\b", line)[1:]:
                method = _curl_method(segment)
                for service, path in BARE.findall(segment):
                    found.append((method, services[service], path.rstrip(".:")))
            continue
        explicit = EXPLICIT.findall(line)
        for method, service, path in explicit:
            found.append((method, services[service], path.rstrip(".:")))
        named = {path for _, _, path in explicit}
        for service, path in BARE.findall(line):
            if path not in named:
                found.append((None, services[service], path.rstrip(".:")))
    return found


def _matches(template: str, path: str) -> bool:
    if path.endswith("/"):
        return template.startswith(path)
    want, have = template.split("/"), path.split("/")
    return len(want) == len(have) and all(
        w == h or (w.startswith("{") and w.endswith("}")) for w, h in zip(want, have, strict=True)
    )


def _operations(client) -> set[tuple[str, str]]:
    answer = client.get("/openapi.json")
    assert answer.status_code == 200
    return {
        (method.upper(), path)
        for path, item in answer.get_json()["paths"].items()
        for method in item
        if method.upper() in METHODS
    }


def _shape(path: str) -> str:
    return "/".join(
        "{}" if re.fullmatch(r"\{[^}]*\}|<[^>]*>", part) else part for part in path.split("/")
    )


def test_every_api_path_in_the_documents_is_in_an_openapi_document(registry, verify):
    operations = {"registry": _operations(registry), "verify": _operations(verify)}
    assert len(operations["registry"]) >= 40 and len(operations["verify"]) >= 15
    in_api_doc = 0
    for document in READER_DOCUMENTS:
        for method, service, path in api_references(_text(document)):
            offered = [
                m
                for name in ([service] if service else operations)
                for m, template in operations[name]
                if _matches(template, path)
            ]
            where = f"{document.name}: {method or ''} {service or ''} {path}"
            assert offered, f"{where}: in neither OpenAPI document"
            assert method is None or method in offered, f"{where}: only {offered}"
            in_api_doc += document == API_DOC
    assert in_api_doc >= 60


def test_every_operation_of_both_services_is_listed_in_the_api_page(registry, verify):
    listed = {
        (method, _shape(path))
        for method, _, path in api_references(_text(API_DOC))
        if method is not None
    }
    operations = _operations(registry) | _operations(verify)
    assert len(operations) >= 55
    missing = sorted(op for op in operations if (op[0], _shape(op[1])) not in listed)
    assert not missing, "not in docs/api.md"
