"""Case files: one declaration's whole story as a PDF, an XLSX workbook or an HTML page, to
hand to an investigator or a prosecutor (``tamga case``, the dashboard's download buttons)."""

from __future__ import annotations

from pathlib import Path

from tamga.casefile.gather import Case, gather
from tamga.errors import InvalidInput

FORMATS = ("pdf", "xlsx", "html")


def write(case: Case, path: Path, lang: str = "en", fmt: str | None = None) -> Path:
    """Write the case to ``path`` in ``lang``; the format is the file's suffix unless given."""
    from tamga.casefile import document
    from tamga.wording import i18n

    kind = (fmt or path.suffix.lstrip(".")).lower()
    if kind not in FORMATS:
        raise InvalidInput(f"a case file is .pdf, .xlsx or .html, not {path.name!r}", field="out")
    with i18n.language(lang):
        doc = document.build(case)
        if kind == "pdf":
            from tamga.casefile import pdf

            return pdf.write(doc, path)
        if kind == "xlsx":
            from tamga.casefile import xlsx

            return xlsx.write(doc, path)
        from tamga.casefile import html

        return html.write(doc, path)


__all__ = ["FORMATS", "Case", "gather", "write"]
