"""Any slip as an A4 PDF ready to print and sign.

Chinese is set in STSong-Light, a standard CID font every PDF reader carries (as the monthly report does):
nothing is embedded, so the desk PC needs no CJK font file and the slip stays a few kilobytes.
"""

from __future__ import annotations

import io
from functools import cache

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desk.slips.slip import Slip

FONT = "STSong-Light"
INK = colors.HexColor("#111827")
RULE = colors.HexColor("#6b7280")
SHADE = colors.HexColor("#f3f4f6")
WIDTH = A4[0] - 36 * mm


@cache
def _font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _style(size: float, **extra: object) -> ParagraphStyle:
    settings: dict[str, object] = {
        "fontName": _font(),
        "fontSize": size,
        "leading": size * 1.45,
        "textColor": INK,
    }
    return ParagraphStyle(f"s{size}", **(settings | extra))


def _text(value: object) -> str:
    """Paragraph markup is XML: what staff typed is escaped, never interpreted; line breaks are kept."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def _boxed(rows: list[list[object]], widths: list[float], header: bool = False) -> Table:
    table = Table(rows, colWidths=widths)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(commands))
    return table


def slip_pdf(slip: Slip) -> bytes:
    body, label = _style(10), _style(9, textColor=RULE)
    story: list[object] = [
        Paragraph(_text(slip.site), _style(10, alignment=1)),
        Paragraph(_text(slip.title), _style(18, alignment=1, spaceBefore=2, spaceAfter=2)),
        Paragraph(_text(slip.number), _style(10, alignment=2)),
        Spacer(1, 3 * mm),
    ]
    cells = [[Paragraph(_text(k), label), Paragraph(_text(v), body)] for k, v in slip.fields]
    if len(cells) % 2:
        cells.append(["", ""])
    pairs = [cells[i] + cells[i + 1] for i in range(0, len(cells), 2)]
    if pairs:
        quarter = WIDTH / 4
        story.append(_boxed(pairs, [quarter * 0.7, quarter * 1.3, quarter * 0.7, quarter * 1.3]))
    if slip.table:
        columns = len(slip.table[0])
        rows = [[Paragraph(_text(c), body) for c in row] for row in slip.table]
        story += [Spacer(1, 3 * mm), _boxed(rows, [WIDTH / columns] * columns, header=True)]
    if slip.texts:
        rows = [[Paragraph(_text(k), label), Paragraph(_text(v or "—"), body)] for k, v in slip.texts]
        if slip.table:  # the notes under a count table stand apart from it
            story.append(Spacer(1, 3 * mm))
        story.append(_boxed(rows, [WIDTH / 4 * 0.7, WIDTH - WIDTH / 4 * 0.7]))
    if slip.signatures:
        story.append(Spacer(1, 8 * mm))
        signs = [[Paragraph(_text(s) + "：________________", body) for s in slip.signatures[i : i + 2]]
                 for i in range(0, len(slip.signatures), 2)]  # fmt: skip
        grid = Table(
            [row + [""] * (2 - len(row)) for row in signs], colWidths=[WIDTH / 2] * 2, rowHeights=12 * mm
        )
        story.append(grid)
    if slip.footer:
        story += [Spacer(1, 6 * mm), Paragraph(_text(slip.footer), _style(8, textColor=RULE))]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
        title=f"{slip.title} {slip.number}",
    )  # fmt: skip
    doc.build(story)
    return buffer.getvalue()
