"""Citations stay true to their texts, in the code as in the documents.

Every clause of the policy that the code (strings, messages and comments in certs/, registry/,
verify/, webbase/, their templates and data, deploy/, bench/) or a document cites exists in the
policy text, numbered as the text numbers it: the annex always with 附件 (附件四(一)2(3)),
since the main text and the annex reuse numbers. Every other document cited is named (its
title in 《》 or its number) and listed in docs/policy.md under "Other documents cited"; an
article (第四十条) is cited with the document it belongs to.
"""

from __future__ import annotations

import re

import pytest

from tests.policy_text import CLAUSES, ROOT, markdown_citations, source_citations, without_code

SOURCE_FOLDERS = ("certs", "registry", "verify", "webbase", "deploy", "bench")
DOCUMENTS = (
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / "CHANGELOG.md",
)
POLICY_DOC = ROOT / "docs" / "policy.md"
LIST_HEADING = "## Other documents cited"


def _source_files() -> dict[str, str]:
    """Every text file under the source folders, by its path in the repository."""
    found = {}
    for folder in SOURCE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # a font, an image: nothing cited in it
            found[path.relative_to(ROOT).as_posix()] = text
    return found


def _documents() -> dict[str, str]:
    return {path.relative_to(ROOT).as_posix(): path.read_text("utf-8") for path in DOCUMENTS}


def _is_markdown(name: str) -> bool:
    return name.endswith(".md")


# Clauses of the policy ----------------------------------------------------------------------

# A clause numbered the English way (policy 3(3)3, clause 3.3.3) instead of as the text does.
ARABIC_CITATION = re.compile(
    r"(?i)\b(?:policy|clause|政策)\s*(\d+\s*[(（]\s*\d+\s*[)）](?:\s*\d+)?|\d+\.\d+(?:\.\d+)*)"
)


def citations(files: dict[str, str]) -> set[tuple[str, str]]:
    """(file, clause) for every clause of the policy the files cite."""
    return {
        (name, clause)
        for name, text in files.items()
        for clause in (markdown_citations(text) if _is_markdown(name) else source_citations(text))
    }


def unknown_clauses(files: dict[str, str]) -> list[tuple[str, str]]:
    """What the files cite that the policy text does not have, or numbers another way."""
    unknown = sorted((name, c) for name, c in citations(files) if c not in CLAUSES)
    arabic = sorted(
        (name, found.group(0))
        for name, text in files.items()
        for found in ARABIC_CITATION.finditer(without_code(text) if _is_markdown(name) else text)
    )
    return unknown + arabic


def test_every_clause_the_code_and_the_documents_cite_is_in_the_policy_text():
    sources, documents = _source_files(), _documents()
    in_code = citations(sources)
    # The scan reaches the code: its messages and rules cite clauses of every kind.
    assert len(in_code) >= 15, sorted(in_code)
    assert {"三(二)1", "三(二)2", "三(三)3", "三(四)2"} <= {clause for _, clause in in_code}
    assert len(citations(documents)) >= 40
    assert not unknown_clauses(sources | documents), "cited, but not as the policy numbers it"


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("# 破格申报 (policy 三(三)4)", "三(三)4"),  # 三(三) has three items
        ('"依据政策三（二）3（1）"', "三(二)3(1)"),  # an item without sub-items
        ('"see 附件四(五)"', "附件四(五)"),  # 高级工程师 has four sections
        ("# the 破格 grounds (四(四))", "四(四)"),  # the annex's, cited without 附件
        ("# grounds of 附件 五(四)", "五(四)"),  # 附件 must be part of the citation
        ('"policy 3(3)3"', "policy 3(3)3"),  # not as the text numbers it
    ],
    ids=[
        "no-such-item",
        "no-such-sub-item",
        "no-such-section",
        "annex-without-附件",
        "附件-apart",
        "english-numbers",
    ],
)
def test_a_clause_the_policy_does_not_have_is_refused(text, refused):
    assert [found for _, found in unknown_clauses({"registry/made_up.py": text})] == [refused]


def test_a_made_up_clause_in_a_document_is_refused_too():
    markdown = "| `三(三)4` | 破格 |\n\nThe grounds of 四(四) and `附件四(四)`, as 三(三)1 says."
    assert [c for _, c in unknown_clauses({"docs/x.md": markdown})] == ["三(三)4", "四(四)"]


def test_what_the_text_numbers_is_accepted_in_either_bracket():
    text = '"三（三）1" # 附件四(一)2(3), 附件五（四）, 三(四)4 and 四(一)'
    assert unknown_clauses({"certs/x.py": text}) == []


# Other documents ----------------------------------------------------------------------------

TITLE = re.compile(r"《[^《》\n]+》")
ORDER_NUMBER = re.compile(r"[\u4e00-\u9fff]+令第\d+号")
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]+[〔\[［(（]\d{4}[〕\]］)）]\d+号")
ARTICLE = re.compile(r"第[一二三四五六七八九十百零]+条")
NAMED_WITHIN = 80  # characters before an article where its document must be named


def _bare_value(text: str, start: int, end: int) -> bool:
    """A number that is a whole quoted value (a sample decision number in demo data, a
    placeholder), not a citation within a sentence."""
    before, after = text[max(0, start - 1) : start], text[end : end + 1]
    return before in ('"', "'") and after == before


def document_references(name: str, text: str) -> set[str]:
    """The other documents a file names: titles everywhere; numbers in prose, comments and
    messages (not in a Markdown document's code, where sample decision numbers live, nor as
    a bare quoted value)."""
    found = set(TITLE.findall(text))
    prose = without_code(text) if _is_markdown(name) else text
    for pattern in (ORDER_NUMBER, DOCUMENT_NUMBER):
        found.update(
            m.group(0) for m in pattern.finditer(prose) if not _bare_value(prose, *m.span())
        )
    return found


def unnamed_articles(name: str, text: str, listed: set[str]) -> list[str]:
    """Articles (第四十条) cited without their document named just before them."""
    prose = without_code(text) if _is_markdown(name) else text
    return [
        found.group(0)
        for found in ARTICLE.finditer(prose)
        if not any(
            doc in prose[max(0, found.start() - NAMED_WITHIN) : found.start()] for doc in listed
        )
    ]


def _list_rows() -> list[str]:
    """The rows of the table in docs/policy.md's section of the other documents cited."""
    text = POLICY_DOC.read_text("utf-8")
    assert LIST_HEADING in text, f"docs/policy.md has no section {LIST_HEADING!r}"
    section = text.split(LIST_HEADING, 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and "《" in line]


def listed_documents() -> set[str]:
    """The titles and numbers the list gives."""
    rows = "\n".join(_list_rows())
    return {*TITLE.findall(rows), *ORDER_NUMBER.findall(rows), *DOCUMENT_NUMBER.findall(rows)}


def _in_list(reference: str, listed: set[str]) -> bool:
    # A number's issuing body is read with the words before it (见京人社事业发〔2020〕17号):
    # listed when it ends with a listed number.
    return any(reference == doc or reference.endswith(doc) for doc in listed)


def unlisted_documents(files: dict[str, str], listed: set[str]) -> list[tuple[str, str]]:
    named = {(n, ref) for n, text in files.items() for ref in document_references(n, text)}
    articles = {(n, a) for n, text in files.items() for a in unnamed_articles(n, text, listed)}
    return sorted({(n, ref) for n, ref in named if not _in_list(ref, listed)} | articles)


def _code_and_documents() -> dict[str, str]:
    return {
        name: text
        for name, text in (_source_files() | _documents()).items()
        if name.endswith((".py", ".html", ".md"))  # data files name their own sources
    }


def test_every_other_document_cited_is_named_and_listed_in_the_policy_page():
    listed = listed_documents()
    # The policy itself, its annex and the national rules on integrity records at least.
    assert {"京人社事业发〔2020〕17号", "《职称评审管理暂行规定》", "人社部令第40号"} <= listed
    files = _code_and_documents()
    named = {ref for name, text in files.items() for ref in document_references(name, text)}
    assert {"人社部令第40号", "《职称评审管理暂行规定》"} <= named
    assert not unlisted_documents(files, listed), "named, but not in docs/policy.md's list"


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("# 记录期限三年（《职称评审诚信管理办法》）", "《职称评审诚信管理办法》"),
        ('"撤销依据：人社部令第99号"', "人社部令第99号"),
        ("# see 京人社职发〔2021〕3号", "京人社职发〔2021〕3号"),
        ("# the record is kept three years (第四十条)", "第四十条"),
    ],
    ids=["unlisted-title", "unlisted-order", "unlisted-number", "article-without-document"],
)
def test_a_document_not_in_the_list_or_an_article_without_its_document_is_refused(text, refused):
    listed = listed_documents()
    assert [ref for _, ref in unlisted_documents({"registry/x.py": text}, listed)] == [refused]


def test_a_sample_decision_number_or_an_article_with_its_document_is_not_a_citation():
    listed = listed_documents()
    text = (
        '"decision_number": "京人社职评〔2026〕8号",\n'
        "# 《职称评审管理暂行规定》（人社部令第40号）第四十条: three years\n"
    )
    markdown = '```sh\ncurl -d \'{"decision_number":"京人社职评〔2026〕21号"}\'\n```\n'
    assert unlisted_documents({"registry/x.py": text, "docs/x.md": markdown}, listed) == []


def test_the_policy_page_lists_each_document_by_its_title_with_its_number_and_use():
    rows = [[cell.strip() for cell in row.strip("|").split("|")] for row in _list_rows()]
    assert len(rows) >= 3
    for title, number, cited_for, _where in rows:
        assert TITLE.fullmatch(title) and number and cited_for, (title, number)
