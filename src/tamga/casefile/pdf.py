"""The case file as a PDF through ReportLab, in a font that has the Cyrillic and Kazakh letters.

The font is DejaVu Sans as Debian's fonts-dejavu-core installs it (``scripts/services`` makes
sure it is there), or wherever ``TAMGA_CASE_FONT`` / ``TAMGA_CASE_FONT_BOLD`` point; tamga ships
no font file. ReportLab embeds the subset the document uses, so the PDF reads the same
anywhere. The Sankey is drawn with ReportLab's own vector graphics from the shared layout.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tamga.casefile.document import Cell, Document, Part, node_label
from tamga.casefile.sankey import TARGET_COLOR, layout
from tamga.errors import TamgaError
from tamga.wording.fmt import num
from tamga.wording.i18n import gettext as _

#: where Debian (fonts-dejavu-core) and other systems keep DejaVu Sans
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)
FONT, BOLD = "TamgaSans", "TamgaSans-Bold"


class FontMissing(TamgaError):
    status = 500
    title = "No font for the case file"


def font_files() -> tuple[Path, Path]:
    """The regular and bold TrueType fonts to embed (DejaVu Sans unless configured)."""
    regular = os.environ.get("TAMGA_CASE_FONT")
    bold = os.environ.get("TAMGA_CASE_FONT_BOLD")
    if regular:
        return Path(regular), Path(bold or regular)
    for folder in FONT_DIRS:
        r, b = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
        if r.exists():
            return r, b if b.exists() else r
    raise FontMissing(
        "no font with Cyrillic and Kazakh letters found: install Debian's fonts-dejavu-core "
        "(scripts/services) or set TAMGA_CASE_FONT to a TrueType file"
    )


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold = font_files()
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _text(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return num(value, 3)
    return str(value)


def write(doc: Document, path: Path) -> Path:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    _register()
    base = ParagraphStyle("base", fontName=FONT, fontSize=8, leading=10, alignment=TA_LEFT)
    small = ParagraphStyle("small", parent=base, fontSize=6.5, leading=8)
    head = ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=7, leading=9)
    h1 = ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=15, leading=19, spaceAfter=4)
    h2 = ParagraphStyle(
        "h2", parent=base, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
    )
    page = landscape(A4)
    width = page[0] - 24 * mm

    def para(value: Cell, style: ParagraphStyle = base) -> Any:
        return Paragraph(escape(_text(value)), style)

    story: list[Any] = [Paragraph(escape(doc.title), h1), Paragraph(escape(doc.subtitle), base)]
    for part in doc.parts:
        title = Paragraph(escape(part.title), h2)
        if part.sankey:  # the drawing keeps its heading on its page
            story.append(KeepTogether([title, _sankey(doc, part, width)]))
        else:
            story.append(title)
        if part.facts:
            rows = [[para(k, head), para(v)] for k, v in part.facts]
            t = Table(rows, colWidths=[60 * mm, width - 60 * mm])
            t.setStyle(
                TableStyle(
                    [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
                )
            )
            story.append(t)
            story.append(Spacer(1, 3 * mm))
        if part.columns and part.rows:
            style = small if part.key == "proof" else base
            data = [[para(c, head) for c in part.columns]]
            data += [[para(v, style) for v in row] for row in part.rows]
            t = Table(data, repeatRows=1, colWidths=_widths(part, width))
            t.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                        ("LINEBELOW", (0, 1), (-1, -1), 0.2, colors.lightgrey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ]
                )
            )
            story.append(t)
        if part.note:
            story.append(Spacer(1, 1 * mm))
            story.append(Paragraph(escape(part.note), small))

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawString(12 * mm, 7 * mm, f"{doc.title} · tamga")
        canvas.drawRightString(page[0] - 12 * mm, 7 * mm, _("Page %(n)s") % {"n": document.page})
        canvas.restoreState()

    pdf = SimpleDocTemplate(
        str(path),
        pagesize=page,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=doc.title,
        author="tamga",
        subject=doc.subtitle,
        lang=doc.lang,
    )
    pdf.build([KeepTogether(story[:2]), *story[2:]], onFirstPage=footer, onLaterPages=footer)
    return path


def _widths(part: Part, width: float) -> list[float]:
    """Columns as wide as their longest header word and (up to a point) their texts, so a
    header word is never split and long texts (names, chains, hashes) get the room."""
    weights = []
    for i, column in enumerate(part.columns):
        texts = [_text(row[i]) for row in part.rows]
        word = max((len(w) for t in [column, *texts] for w in t.split()), default=4)
        word = min(word, 20)  # a hash may wrap
        longest = max((len(t) for t in texts), default=4)
        weights.append(max(word * 1.3 + 2, min(longest, 40) * 0.7, 4.0))
    total = sum(weights) or 1.0
    return [width * w / total for w in weights]


def _sankey(doc: Document, part: Part, width: float) -> Any:
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.graphics.shapes import Path as Shape
    from reportlab.lib import colors

    margin = 150.0
    plan = layout(
        doc.case.flows,
        lambda k: node_label(doc.case, k, short=True),
        width=width - 2 * margin,
        height=200,
    )
    drawing = Drawing(width, plan.height + 20)
    top = plan.height + 10

    def y_of(y: float) -> float:  # the layout counts down from the top; PDF up from the foot
        return top - y

    for b in plan.bands:
        x0, x1 = margin + b.source.x + b.source.width, margin + b.target.x
        mid = (x0 + x1) / 2
        shape = Shape(
            fillColor=colors.HexColor(
                "#b279a2" if b.source.key[0] == "unbacked" else "#4c78a8", hasAlpha=False
            ),
            strokeColor=None,
        )
        shape.fillOpacity = 0.35
        shape.moveTo(x0, y_of(b.y0))
        shape.curveTo(mid, y_of(b.y0), mid, y_of(b.y1), x1, y_of(b.y1))
        shape.lineTo(x1, y_of(b.y1 + b.thickness))
        shape.curveTo(
            mid,
            y_of(b.y1 + b.thickness),
            mid,
            y_of(b.y0 + b.thickness),
            x0,
            y_of(b.y0 + b.thickness),
        )
        shape.closePath()
        drawing.add(shape)
    for n in plan.nodes:
        x = margin + n.x
        drawing.add(
            Rect(
                x,
                y_of(n.y + n.height),
                n.width,
                n.height,
                fillColor=colors.HexColor(n.color if n.key[0] != "export" else TARGET_COLOR),
                strokeColor=None,
            )
        )
        first = n.column == 0
        label = f"{n.label} · {num(n.quantity, 3)}"
        drawing.add(
            String(
                x - 3 if first else x + n.width + 3,
                y_of(n.y + n.height / 2) - 3,
                label,
                fontName=FONT,
                fontSize=7,
                textAnchor="end" if first else "start",
            )
        )
    return drawing
