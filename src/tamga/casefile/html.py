"""The case file as one self-contained HTML page: inline style, the Sankey as inline SVG, no
script, no request to anywhere (it opens offline, in any browser, years later)."""

from __future__ import annotations

from pathlib import Path

from tamga.casefile.document import Cell, Document, node_label
from tamga.casefile.sankey import layout, svg
from tamga.wording import i18n
from tamga.wording.fmt import num, when

HERE = Path(__file__).parent


def _cell(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return i18n.gettext("yes") if value else i18n.gettext("no")
    if isinstance(value, int | float):
        return num(value, 3)
    return str(value)


def render(doc: Document) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
    )
    env.filters["cell"] = _cell
    env.filters["when"] = when
    drawing = None
    if doc.case.flows:
        plan = layout(
            doc.case.flows, lambda k: node_label(doc.case, k, short=True), width=620, height=240
        )
        drawing = Markup(svg(plan, margin=170))
    return env.get_template("case.html").render(doc=doc, sankey=drawing, lang=doc.lang)


def write(doc: Document, path: Path) -> Path:
    path.write_text(render(doc), encoding="utf-8")
    return path
