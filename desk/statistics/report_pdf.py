"""The monthly report as an A4 PDF, ready to print and sign: the figures, the 12-month trends with their
targets, and a signature line for the centre manager.

Chinese is set in STSong-Light, one of the standard CID fonts every PDF reader carries, so the file
needs no font on the machine that writes it (a desk PC has no CJK font to embed) and stays small.
"""

from __future__ import annotations

import io
from functools import cache

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desk.statistics.report import MonthlyReport, TrendLine, percent

FONT = "STSong-Light"
INK = colors.HexColor("#1f2937")
RULE = colors.HexColor("#9ca3af")
SHADE = colors.HexColor("#f3f4f6")
LINE = colors.HexColor("#2563eb")
TARGET = colors.HexColor("#dc2626")


@cache
def _font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, textColor=INK),
        "h2": ParagraphStyle(
            "h2", fontName=font, fontSize=11.5, leading=16, spaceBefore=8, spaceAfter=4, keepWithNext=1
        ),
        "body": ParagraphStyle("body", fontName=font, fontSize=9, leading=12.5, textColor=INK),
        "small": ParagraphStyle("small", fontName=font, fontSize=7.5, leading=10, textColor=INK),
    }


def _text(value: object) -> str:
    """Paragraph markup is XML: user-named centres and categories are escaped, never interpreted."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _grid(rows: list[list[object]], widths: list[float], style: ParagraphStyle) -> Table:
    cells = [[Paragraph(_text(v), style) for v in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _chart(line: TrendLine, periods: tuple[str, ...], lang: str) -> Drawing:
    drawing = Drawing(84 * mm, 46 * mm)
    drawing.add(String(2, 46 * mm - 10, line.label, fontName=_font(), fontSize=8.5, fillColor=INK))
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 24, 18, 84 * mm - 32, 46 * mm - 40
    values = [v * 100 if v is not None else None for v in line.values]
    series = [values]
    if line.target is not None:
        series.append([line.target * 100] * len(periods))
    chart.data = series
    chart.joinedLines = 1
    chart.lines[0].strokeColor = LINE
    chart.lines[0].strokeWidth = 1.4
    chart.lines[0].symbol = makeMarker("FilledCircle", size=3)  # a month alone between gaps still shows
    if line.target is not None:
        chart.lines[1].strokeColor = TARGET
        chart.lines[1].strokeDashArray = (3, 2)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
    chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.categoryAxis.categoryNames = [p[2:] for p in periods]  # 26-11: twelve labels fit
    chart.categoryAxis.labels.fontSize = 5.5
    chart.categoryAxis.labels.angle = 45
    chart.categoryAxis.labels.boxAnchor = "ne"
    drawing.add(chart)
    return drawing


def report_pdf(report: MonthlyReport) -> bytes:
    styles = _styles()
    body, small = styles["body"], styles["small"]
    story: list[object] = [
        Paragraph(_text(report.title), styles["title"]),
        Paragraph(
            _text(
                f"{report.label('scope')}：{report.scope}"
                if report.lang == "zh"
                else f"{report.label('scope')}: {report.scope}"
            ),
            body,
        ),
        Paragraph(
            _text(report.label("generated") + " " + report.generated_at.strftime("%Y-%m-%d %H:%M")), small
        ),
        Spacer(1, 4 * mm),
        Paragraph(_text(report.label("counts")), styles["h2"]),
        _grid([[label for label, _ in report.counts], [n for _, n in report.counts]], [40 * mm] * 4, body),
        Paragraph(_text(report.label("rates")), styles["h2"]),
        _grid(
            [
                [
                    report.label("rate"),
                    report.label("value"),
                    report.label("target"),
                    report.label("met"),
                    report.label("definition"),
                ],
                *[
                    [
                        r.label,
                        percent(r.value, report.lang),
                        percent(r.target, report.lang, 0) if r.target is not None else "—",
                        report.label(f"met_{r.met}".lower()),
                        r.definition,
                    ]
                    for r in report.rates
                ],
            ],
            [30 * mm, 20 * mm, 14 * mm, 16 * mm, 90 * mm],
            small,
        ),
    ]
    if report.by_category or report.by_department:
        story.append(Paragraph(_text(report.label("breakdowns")), styles["h2"]))
        left = _grid(
            [
                [report.label("kind"), report.label("category"), report.label("count")],
                *[list(row) for row in report.by_category],
            ],
            [16 * mm, 38 * mm, 14 * mm],
            small,
        )
        right = _grid(
            [
                [
                    report.label("department"),
                    report.label("count"),
                    report.label("finished"),
                    report.label("overdue"),
                ],
                *[list(row) for row in report.by_department],
            ],
            [32 * mm, 14 * mm, 16 * mm, 22 * mm],
            small,
        )
        story.append(
            Table([[left, right]], colWidths=[76 * mm, 94 * mm], style=[("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
    if report.registers:
        story.append(Paragraph(_text(report.label("sheet_registers")), styles["h2"]))
        pairs = list(report.registers)
        rows = [[*a, *b] for a, b in zip(pairs[0::2], [*pairs[1::2], ("", "")], strict=False)]
        story.append(
            _grid([[report.label("item"), report.label("count")] * 2, *rows], [50 * mm, 35 * mm] * 2, small)
        )
    charts = [
        _chart(line, report.trend_periods, report.lang)
        for line in report.trends
        if any(v is not None for v in line.values)
    ]
    if charts:
        story.append(Paragraph(_text(report.label("trends")), styles["h2"]))
        story.append(Paragraph(_text(report.label("trend_legend")), small))
        grid = [charts[i : i + 2] + [""] * (2 - len(charts[i : i + 2])) for i in range(0, len(charts), 2)]
        story.append(Table(grid, colWidths=[86 * mm, 86 * mm]))
    story.append(Spacer(1, 10 * mm))
    story.append(KeepTogether([Paragraph(_text(report.label("signature")), body)]))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=report.title,
        author=", ".join(report.centres),
    )
    doc.build(story)
    return buffer.getvalue()
