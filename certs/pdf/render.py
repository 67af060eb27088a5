"""The e-certificate (电子职称证书): one A4 page, drawn from the facts handed in.

Pure: the facts, the QR text and the font come in, PDF bytes go out. Chinese is set in a
TrueType font that the caller loads and hands in; only the glyphs the page uses are embedded
(a subset of a few tens of kilobytes), so any PDF reader shows it without fonts of its own.
The serial goes into the document's keywords as ``urn:cn-title:<serial>``, where the verify
service finds it again once the signature over the whole file has been checked.

A certificate that is no longer valid is drawn only as a copy stamped with its status
(``StatusStamp``): the status across the page, the date and number of the decision, and that
the copy is not valid as a certificate, in both languages. The stamp is part of what is
signed, so it cannot be taken off without breaking the signature.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import cast

from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.pdfmetrics import getFont, registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from certs import qr
from certs.credential.model import SERIAL_URN_PREFIX, CertificateFacts
from certs.dates import as_utc
from certs.evaluation import METHOD_LABEL, TRACK_LABEL, method_names
from certs.levels import TRACK_NAMES, get_level
from certs.register_import import source_label
from certs.serials import format_serial

PDF_MEDIA_TYPE = "application/pdf"
INK = Color(0.10, 0.10, 0.10)
MUTED = Color(0.35, 0.35, 0.35)
ACCENT = Color(0.55, 0.07, 0.07)  # the red of official seals and headings
WIDTH, HEIGHT = A4
MARGIN = 22 * mm
QR_SIZE = 42 * mm  # the QR text's codes print sharply and scan at 35-60 mm
FALLBACK_FONT = "STSong-Light"  # Adobe-GB1, referenced (not embedded); see ``runs``


@dataclass(frozen=True)
class PdfFont:
    """A TrueType font registered under ``name``; make it once with ``load_font``."""

    name: str


def load_font(data: bytes, name: str = "CertificateCJK", collection_index: int = 0) -> PdfFont:
    """Register a TrueType font (or one face of a collection) from its bytes."""
    registerFont(TTFont(name, io.BytesIO(data), subfontIndex=collection_index))
    registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return PdfFont(name)


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """(font, text) runs: what the embedded font lacks (a rare character of a name, say, from
    CJK Extension A) is set in Adobe's standard Chinese font instead, which PDF readers
    supply, rather than printed as an empty box."""
    # load_font registered a TTFont under this name; getFont is typed as the Font base class.
    covered = cast(TTFont, getFont(font)).face.charToGlyph
    found: list[tuple[str, str]] = []
    for char in text:
        chosen = font if ord(char) in covered or char.isspace() else FALLBACK_FONT
        if found and found[-1][0] == chosen:
            found[-1] = (chosen, found[-1][1] + char)
        else:
            found.append((chosen, char))
    return found


@dataclass(frozen=True)
class Issuance:
    """Who issues the certificate and where the public checks it."""

    issuer_name: str
    verify_base_url: str


# status -> (Chinese, English) as the stamp prints it
STAMP_WORDS: dict[str, tuple[str, str]] = {
    "revoked": ("撤销", "REVOKED"),
    "suspended": ("暂停", "SUSPENDED"),
}
STAMP_INK = Color(0.78, 0.05, 0.05)
STAMP_SHADE = Color(0.78, 0.05, 0.05, alpha=0.22)  # the words across the page, see-through
STAMP_BAND = 17 * mm  # the notice under the heading


@dataclass(frozen=True)
class StatusStamp:
    """What a copy of a certificate that is no longer valid says across its page: its status
    (a key of ``STAMP_WORDS``), the day the decision took effect, and the decision's number
    (None when none was recorded)."""

    status: str
    since: dt.date
    decision_number: str | None

    def __post_init__(self) -> None:
        if self.status not in STAMP_WORDS:
            raise ValueError(f"no stamp for the status {self.status!r}")

    @property
    def words(self) -> tuple[str, str]:
        return STAMP_WORDS[self.status]

    def notice(self) -> tuple[str, str]:
        """(Chinese, English): the status, since when and by which decision."""
        zh, en = self.words
        decision_zh = f"，决定文号 {self.decision_number}" if self.decision_number else ""
        decision_en = f", decision {self.decision_number}" if self.decision_number else ""
        return (
            f"已{zh}：自 {self.since.isoformat()} 起{decision_zh}",
            f"{en} since {self.since.isoformat()}{decision_en}",
        )


NOT_VALID = (
    "本件为存档副本，不作为有效证书使用",
    "Not valid as a certificate: a record copy",
)


def keywords_for(serial: str) -> str:
    return SERIAL_URN_PREFIX + serial


def serial_from_keywords(keywords: str) -> str | None:
    for word in keywords.split():
        if word.startswith(SERIAL_URN_PREFIX):
            return word[len(SERIAL_URN_PREFIX) :]
    return None


def render_certificate(
    facts: CertificateFacts,
    qr_text: str,
    issuance: Issuance,
    font: PdfFont,
    now: dt.datetime,
    stamp: StatusStamp | None = None,
) -> bytes:
    """The one-page certificate, unsigned, dated ``now`` in its document information; with a
    ``stamp``, the copy of a certificate that is no longer valid, stamped across the page."""
    buffer = io.BytesIO()
    # invariant: reportlab reads no clock and no random ID; the date is set from ``now``.
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    _date_document(canvas, now)
    level = get_level(facts.level)
    title = f"工程技术人才职称证书 {format_serial(facts.serial)}"
    if stamp is not None:
        title = f"【{stamp.words[0]} {stamp.words[1]}】{title}"
    canvas.setTitle(title)
    canvas.setAuthor(issuance.issuer_name)
    canvas.setSubject(f"{facts.holder_name} {level.title_zh} {level.title_en}")
    canvas.setKeywords(keywords_for(facts.serial))
    canvas.setCreator(issuance.issuer_name)
    page = _Page(canvas, font.name)
    page.frame()
    if stamp is None:
        page.heading(HEIGHT - 42 * mm)
        page.facts(_rows(facts), HEIGHT - 80 * mm)
    else:  # the heading moves up to make room for the notice under it
        page.heading(HEIGHT - 30 * mm)
        page.stamp_notice(stamp, HEIGHT - 57 * mm)
        page.facts(_rows(facts), HEIGHT - 82 * mm)
    page.footer(facts, qr_text, issuance)
    if stamp is not None:
        page.stamp_across(stamp)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _rows(facts: CertificateFacts) -> list[tuple[str, str, str]]:
    """(Chinese label, English label, value) in the order a reader looks for them."""
    level = get_level(facts.level)
    track_zh, track_en = TRACK_NAMES.get(facts.evaluation_track, (facts.evaluation_track, ""))
    method_zh, method_en = method_names(facts.evaluation_method)
    if facts.original_number is not None:  # an imported title: the original's own words
        return [
            ("姓名", "Name", facts.holder_name),
            ("职称", "Title", f"{level.title_zh}（{level.title_en}）"),
            ("专业", "Specialty", facts.specialty_name),
            ("发证机构（原）", "Issued by (original)", facts.committee_name),
            ("核准文号", "Approval decision", facts.decision_number),
            ("核准日期", "Decision date", _date_zh(facts.decision_date)),
            ("原证书编号", "Original number", facts.original_number),
            (
                "登记来源",
                "Registered from",
                source_label(facts.import_source or "", facts.import_source_year)[0],
            ),
            ("证书编号", "Serial number", format_serial(facts.serial)),
        ]
    return [
        ("姓名", "Name", facts.holder_name),
        ("职称", "Title", f"{level.title_zh}（{level.title_en}）"),
        ("层级", "Tier", f"{level.tier}（{level.tier_en}）"),
        ("专业", "Specialty", facts.specialty_name),
        (*TRACK_LABEL, f"{track_zh}（{track_en}）"),
        (*METHOD_LABEL, f"{method_zh}（{method_en}）"),
        ("评审委员会", "Review committee", facts.committee_name),
        ("核准文号", "Approval decision", facts.decision_number),
        ("核准日期", "Decision date", _date_zh(facts.decision_date)),
        ("证书编号", "Serial number", format_serial(facts.serial)),
    ]


def _date_document(canvas: Canvas, now: dt.datetime) -> None:
    """CreationDate and ModDate from ``now`` (reportlab keeps them in its time stamp)."""
    # reportlab has no public setter for the document date, so this reaches into the
    # canvas's private document, which types-reportlab does not declare.
    stamp = canvas._doc._timeStamp  # type: ignore[attr-defined]  # noqa: SLF001
    utc = as_utc(now)
    stamp.t = utc.timestamp()
    stamp.lt = utc.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"


def _date_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class _Page:
    def __init__(self, canvas: Canvas, font: str):
        self.canvas = canvas
        self.font = font

    def width(self, text: str, size: float) -> float:
        return sum(stringWidth(part, font, size) for font, part in runs(text, self.font))

    def text(
        self, x: float, y: float, text: str, size: float, color: Color = INK, centre: bool = False
    ) -> None:
        self.canvas.setFillColor(color)
        pieces = runs(text, self.font)
        if centre:
            x -= self.width(text, size) / 2
        for font, part in pieces:
            self.canvas.setFont(font, size)
            self.canvas.drawString(x, y, part)
            x += stringWidth(part, font, size)

    def frame(self) -> None:
        c = self.canvas
        c.setStrokeColor(ACCENT)
        c.setLineWidth(2.2)
        c.rect(12 * mm, 12 * mm, WIDTH - 24 * mm, HEIGHT - 24 * mm)
        c.setLineWidth(0.6)
        c.rect(14.5 * mm, 14.5 * mm, WIDTH - 29 * mm, HEIGHT - 29 * mm)

    def heading(self, top: float) -> None:
        self.text(WIDTH / 2, top, "工程技术人才职称证书", 26, ACCENT, centre=True)
        self.text(
            WIDTH / 2,
            top - 10 * mm,
            "Certificate of Professional Title in Engineering",
            12,
            MUTED,
            centre=True,
        )
        self.text(WIDTH / 2, top - 17 * mm, "电子证书 · Electronic certificate", 10, MUTED, True)
        self.canvas.setStrokeColor(ACCENT)
        self.canvas.setLineWidth(0.8)
        self.canvas.line(MARGIN, top - 22 * mm, WIDTH - MARGIN, top - 22 * mm)

    def facts(self, rows: list[tuple[str, str, str]], top: float) -> None:
        y = top
        value_x = MARGIN + 42 * mm
        value_width = WIDTH - MARGIN - value_x
        for label_zh, label_en, value in rows:
            self.text(MARGIN, y, label_zh, 12, MUTED)
            self.text(MARGIN, y - 4.2 * mm, label_en, 7.5, MUTED)
            lines = wrap(value, self.font, 14, value_width)
            for index, line in enumerate(lines):
                self.text(value_x, y - index * 6.5 * mm, line, 14)
            y -= max(12 * mm, (len(lines) * 6.5 + 5.5) * mm)

    def stamp_notice(self, stamp: StatusStamp, top: float) -> None:
        """A red-ruled band under the heading: the status, its date and decision, and that
        this copy is not valid as a certificate, in both languages."""
        c = self.canvas
        c.setStrokeColor(STAMP_INK)
        c.setLineWidth(1.6)
        c.rect(MARGIN, top - STAMP_BAND, WIDTH - 2 * MARGIN, STAMP_BAND)
        zh, en = stamp.notice()
        lines = ((zh, 12, 6), (en, 9, 10.5), (f"{NOT_VALID[0]} · {NOT_VALID[1]}", 9, 14.5))
        room = WIDTH - 2 * MARGIN - 6 * mm
        for line, size, below in lines:
            # a long decision number shrinks its line rather than leave the band
            fitted = min(size, size * room / max(self.width(line, size), 1))
            self.text(WIDTH / 2, top - below * mm, line, fitted, STAMP_INK, centre=True)

    def stamp_across(self, stamp: StatusStamp) -> None:
        """The status in large letters across the facts, clear of the QR code so that it
        still scans (it leads to verify, which shows the status)."""
        c = self.canvas
        c.saveState()
        c.translate(WIDTH / 2, HEIGHT / 2 + 22 * mm)
        c.rotate(32)
        zh, en = stamp.words
        self.text(0, 8 * mm, f"{zh} {en}", 58, STAMP_SHADE, centre=True)
        self.text(0, -6 * mm, f"{stamp.since.isoformat()} · {NOT_VALID[1]}", 16, STAMP_SHADE, True)
        c.restoreState()

    def footer(self, facts: CertificateFacts, qr_text: str, issuance: Issuance) -> None:
        bottom = 24 * mm
        qr_x = WIDTH - MARGIN - QR_SIZE
        draw_qr(self.canvas, qr_text, qr_x, bottom + 18 * mm, QR_SIZE)
        self.text(qr_x + QR_SIZE / 2, bottom + 13 * mm, "扫码查验 Scan to verify", 8, MUTED, True)
        left_width = qr_x - MARGIN - 8 * mm
        y = bottom + 54 * mm
        self.text(MARGIN, y, "发证机关 Issuing authority", 9, MUTED)
        for index, line in enumerate(wrap(issuance.issuer_name, self.font, 14, left_width)):
            self.text(MARGIN, y - (7 + index * 6.5) * mm, line, 14)
        issued = facts.issued_at
        self.text(MARGIN, y - 22 * mm, "发证日期 Date of issue", 9, MUTED)
        self.text(MARGIN, y - 29 * mm, _date_zh(issued.date()), 14)
        self._verification_line(facts.serial, issuance.verify_base_url, bottom)

    def _verification_line(self, serial: str, base_url: str, bottom: float) -> None:
        shown = format_serial(serial)
        zh = (
            f"查验方法：用手机扫描右侧二维码，或访问 {base_url} 输入证书编号 {shown}；"
            "也可将本 PDF 上传至该网站，核验其数字签名与证书当前状态。"
        )
        en = (
            f"To verify: scan the QR code, or visit {base_url} and enter serial {shown}; "
            "or upload this PDF there to check its digital signature and current status."
        )
        width = WIDTH - 2 * MARGIN
        y = bottom + 6 * mm
        for line in wrap(zh, self.font, 8.5, width):
            self.text(MARGIN, y, line, 8.5)
            y -= 4 * mm
        for line in wrap(en, self.font, 7.5, width):
            self.text(MARGIN, y, line, 7.5, MUTED)
            y -= 3.6 * mm


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines that fit ``width``. Chinese breaks between any two characters; a run of Latin
    letters or digits (a URL, a serial) is kept whole when it fits on a line."""
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = current + token
        if current and stringWidth(candidate, font, size) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for char in text:
        latin = char.isascii() and not char.isspace()
        if latin and tokens and tokens[-1][-1:].isascii() and not tokens[-1][-1:].isspace():
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The QR code as vector squares: sharp at any print size, a few kilobytes."""
    matrix = qr.matrix(text)
    count = len(matrix)
    module = size / count
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(black)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * module
        column = 0
        while column < count:
            if row[column]:
                start = column
                while column < count and row[column]:
                    column += 1
                path.rect(x + start * module, top, (column - start) * module, module)
            column += 1
    canvas.drawPath(path, stroke=0, fill=1)
