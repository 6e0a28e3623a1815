"""The case file as an XLSX workbook through openpyxl: one sheet per part of the document.

Numbers stay numbers (a reader sums them), texts are the document's, in its language; each
sheet has its title in the first row, its facts and then its table with a header row that is
frozen and filtered.
"""

from __future__ import annotations

from pathlib import Path

from tamga.casefile.document import Document, Part

#: Excel's limit on a sheet's name
SHEET_NAME = 31


def _sheet_name(part: Part, taken: set[str]) -> str:
    name = "".join(c for c in part.title if c not in "[]:*?/\\")[:SHEET_NAME] or part.key
    while name in taken:
        name = name[: SHEET_NAME - 2] + f"_{len(taken)}"
    taken.add(name)
    return name


def write(doc: Document, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    for part in doc.parts:
        sheet = book.create_sheet(_sheet_name(part, taken))
        sheet.append([part.title])
        sheet["A1"].font = Font(bold=True, size=13)
        if part is doc.parts[0]:
            sheet.append([doc.title])
            sheet.append([doc.subtitle])
        for key, value in part.facts:
            sheet.append([key, value])
            sheet.cell(row=sheet.max_row, column=1).font = bold
        if part.note:
            sheet.append([part.note])
        if part.columns:
            sheet.append([])
            sheet.append(part.columns)
            header = sheet.max_row
            for cell in sheet[header]:
                cell.font = bold
            for row in part.rows:
                sheet.append(list(row))
            sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
            if part.rows:
                last = get_column_letter(len(part.columns))
                sheet.auto_filter.ref = f"A{header}:{last}{sheet.max_row}"
        for i, column in enumerate(sheet.columns, start=1):
            longest = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[get_column_letter(i)].width = min(max(10, longest + 2), 70)
        for row in sheet.iter_rows():
            for cell in row:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    book.properties.title = doc.title
    book.properties.subject = doc.subtitle
    book.properties.creator = "tamga"
    book.properties.language = doc.lang
    book.save(path)
    return path
