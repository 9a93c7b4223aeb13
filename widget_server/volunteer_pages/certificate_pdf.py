"""The certificate of volunteering as a one-page PDF, in the reader's language.

fpdf2 shapes Arabic through HarfBuzz and lays it out right to left; Amiri (SIL OFL, from
the fontpkg-amiri package) covers Arabic and Latin, so nothing depends on system fonts.
The verification link is printed and drawn as a QR code (segno), in vector.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

import fontpkg_amiri
import segno
from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from fpdf import FPDF

from widget_server.locales import direction
from widget_server.services.volunteering.certificates import Statement

_FONTS = fontpkg_amiri.ROOT / "files"
_ACCENT = (11, 87, 208)
_INK = (27, 27, 31)
_MUTED = (74, 74, 85)
_PAGE_W, _PAGE_H = 297.0, 210.0  # A4 landscape, in mm
_TEXT_W = 245.0
_QR_SIDE = 30.0


@dataclass(frozen=True)
class CertificateText:
    """Every string the page shows, already in the reader's language."""

    locale: str
    rtl: bool
    title: str
    org_line: str
    certifies: str
    name: str
    volunteered: str
    task: str
    hours_line: str
    verify_label: str
    verify_url: str
    code_line: str
    document_title: str


def certificate_text(
    statement: Statement, locale: str, verify_url: str, code: str
) -> CertificateText:
    """The strings of the certificate in locale (needs an app context for translations)."""
    hours = format_decimal(statement.hours, locale=locale)
    completed = format_date(statement.completed_on, "long", locale=locale)
    with force_locale(locale):
        title = _("Certificate of Volunteering")
        return CertificateText(
            locale=locale,
            rtl=direction(locale) == "rtl",
            title=title,
            org_line=_("Issued by %(org)s", org=statement.org_name),
            certifies=_("This certifies that"),
            name=statement.volunteer_name,
            volunteered=_("volunteered on the task"),
            task=statement.task_title(locale),
            hours_line=ngettext(
                "giving %(hours)s hour, completed on %(date)s.",
                "giving %(hours)s hours, completed on %(date)s.",
                round(statement.hours),
                hours=hours,
                date=completed,
            ),
            verify_label=_("Check that this certificate is genuine:"),
            verify_url=verify_url,
            code_line=_("Certificate %(code)s", code=code),
            document_title=f"{title} – {statement.volunteer_name}",
        )


@dataclass(frozen=True)
class _Block:
    text: str
    style: str  # "" or "B"
    largest: float  # font size in points; shrunk to fit one line, down to smallest
    smallest: float
    gap: float  # mm below
    max_lines: int = 2
    colour: tuple[int, int, int] = _INK


class _Page(FPDF):
    def fit(self, block: _Block) -> tuple[float, list[str]]:
        """The largest size at which the block fits one line (else smallest), and its lines."""
        size = block.largest
        while size > block.smallest:
            self.set_font("Amiri", block.style, size)
            if self.get_string_width(block.text) <= _TEXT_W - 2 * self.c_margin - 1:
                break
            size -= 1
        self.set_font("Amiri", block.style, size)
        lines = self.multi_cell(
            _TEXT_W, size * 0.48, block.text, align="C", dry_run=True, output="LINES"
        )
        return size, cast(list[str], lines)

    def centred(self, block: _Block, size: float, lines: list[str]) -> None:
        """The block's lines, centred; text past max_lines is cut with an ellipsis."""
        text = block.text
        if len(lines) > block.max_lines:
            text = " ".join(lines[: block.max_lines])[:-2].rstrip() + "…"
        self.set_font("Amiri", block.style, size)
        self.set_text_color(*block.colour)
        self.set_x((_PAGE_W - _TEXT_W) / 2)
        self.multi_cell(_TEXT_W, size * 0.48, text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(block.gap)


def _blocks(text: CertificateText) -> list[_Block]:
    return [
        _Block(text.title, "B", 36, 22, 1, 1, _ACCENT),
        _Block(text.org_line, "", 15, 11, 8, 2, _MUTED),
        _Block(text.certifies, "", 15, 15, 1),
        _Block(text.name, "B", 30, 18, 2),
        _Block(text.volunteered, "", 15, 15, 1),
        _Block(text.task, "B", 20, 14, 2),
        _Block(text.hours_line, "", 15, 12, 0),
    ]


def render(text: CertificateText, *, created: datetime | None = None) -> bytes:
    """The certificate as PDF bytes."""
    pdf = _Page(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20, 20)
    pdf.add_font("Amiri", "", _FONTS / "Amiri-Regular.ttf")
    pdf.add_font("Amiri", "B", _FONTS / "Amiri-Bold.ttf")
    pdf.set_text_shaping(True, direction="rtl" if text.rtl else "ltr")
    pdf.set_title(text.document_title)
    pdf.set_lang(text.locale)
    if created is not None:
        pdf.set_creation_date(created)
    pdf.add_page()
    _frame(pdf)
    # The statement sits in the middle of the space above the verification corner.
    laid_out = [(block, *pdf.fit(block)) for block in _blocks(text)]
    height = sum(
        min(len(lines), block.max_lines) * size * 0.48 + block.gap
        for block, size, lines in laid_out
    )
    top, bottom = 22.0, _PAGE_H - 20 - _QR_SIDE - 6
    pdf.set_y(top + max(0.0, (bottom - top - height) / 2))
    for block, size, lines in laid_out:
        pdf.centred(block, size, lines)
    _verification(pdf, text)
    return bytes(pdf.output())


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*_ACCENT)
    pdf.set_line_width(1.4)
    pdf.rect(9, 9, _PAGE_W - 18, _PAGE_H - 18)
    pdf.set_line_width(0.3)
    pdf.rect(12.5, 12.5, _PAGE_W - 25, _PAGE_H - 25)


def _verification(pdf: _Page, text: CertificateText) -> None:
    """The QR code in the reading-start corner, the link and the code beside it."""
    side = _QR_SIDE
    top = _PAGE_H - 20 - side
    qr_x = _PAGE_W - 20 - side if text.rtl else 20.0
    matrix = segno.make(text.verify_url, error="m").matrix
    cell = side / len(matrix)
    pdf.set_fill_color(*_INK)
    for row, modules in enumerate(matrix):
        for col, dark in enumerate(modules):
            if dark:
                pdf.rect(qr_x + col * cell, top + row * cell, cell, cell, style="F")
    pdf.link(qr_x, top, side, side, text.verify_url)
    text_x = 20.0 if text.rtl else 20 + side + 6
    width = _PAGE_W - 40 - side - 6
    align = "R" if text.rtl else "L"
    pdf.set_text_color(*_MUTED)
    pdf.set_font("Amiri", "", 11)
    pdf.set_xy(text_x, top + 6)
    pdf.multi_cell(width, 5.5, text.verify_label, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(text_x)
    pdf.set_text_color(*_ACCENT)
    # The link alone on its line, left to right in every language, so it reads as typed.
    pdf.set_text_shaping(True, direction="ltr")
    pdf.multi_cell(
        width,
        5.5,
        text.verify_url,
        align=align,
        link=text.verify_url,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_shaping(True, direction="rtl" if text.rtl else "ltr")
    pdf.set_x(text_x)
    pdf.set_text_color(*_MUTED)
    pdf.multi_cell(width, 5.5, text.code_line, align=align, new_x="LMARGIN", new_y="NEXT")
