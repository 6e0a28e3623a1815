"""An alert's title in the page's language, said again from its rule and evidence.

The risk rules store an English sentence as an alert's title. The pages say the same thing from
the evidence the rule kept (the destination, the share, the days, the parties), through one
catalogue message per rule and case, so a Russian or Kazakh page reads whole. Where the evidence
lacks what a sentence needs, the rule's own title (``labels.RULE``) stands in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from tamga.wording.fmt import num, pct
from tamga.wording.i18n import gettext as _
from tamga.wording.labels import label

NameOf = Callable[[str], str]


def _plain(holder: str) -> str:
    return holder


def _worst(lines: Any, key: str) -> float | None:
    values = [
        float(x[key]) for x in lines or [] if isinstance(x, Mapping) and x.get(key) is not None
    ]
    return max(values) if values else None


def alert_title(alert: Mapping[str, Any], name_of: NameOf = _plain) -> str:
    """The alert's title in the current language (its rule's title when nothing finer fits)."""
    if alert.get("title_local"):  # said already, where the evidence was at hand
        return str(alert["title_local"])
    rule = str(alert.get("rule") or "")
    ev = alert.get("evidence")
    if not isinstance(ev, Mapping):
        ev = {}
    try:
        text = _sentence(rule, ev, name_of)
    except (KeyError, TypeError, ValueError, IndexError):
        text = None
    if text:
        return text
    return label(rule, "rule") if rule else (str(alert.get("title") or "") or "—")


def _sentence(rule: str, ev: Mapping[str, Any], name_of: NameOf) -> str | None:
    if rule == "controlled_reexport":
        share = _worst(ev.get("lines"), "restricted_share")
        if "exporter" in ev:
            return _(
                "Controlled goods of restricted origin exported to %(dest)s (%(share)s of a line)"
            ) % {"dest": ev.get("destination") or "—", "share": pct(share or 0, 0)}
        return _("Transit of controlled goods of restricted origin to %(dest)s") % {
            "dest": ev.get("destination") or "—"
        }
    if rule == "unbacked":
        share = _worst(ev.get("lines"), "unbacked_share") or 0.0
        values = {"share": pct(share, 0), "holder": name_of(str(ev["holder"]))}
        if "invoice_no" in ev:
            return _("Sale of %(share)s more than %(holder)s held") % values
        return _("Export of %(share)s more than %(holder)s held") % values
    if rule == "sanctioned_party":
        top = max(ev["matches"], key=lambda m: float(m.get("score") or 0))
        return _("%(role)s «%(party)s» matches the listed «%(name)s»") % {
            "role": label(top.get("role"), "word").capitalize(),
            "party": top.get("party") or "—",
            "name": top.get("name") or "—",
        }
    if rule == "fast_turnaround":
        days = num(ev["days_import_to_export"], 1)
        newest = ev.get("newest_holder_days")
        if newest is not None:
            return _(
                "Re-exported %(days)s days after coming in, through a holder registered "
                "%(age)s days earlier"
            ) % {"days": days, "age": num(newest, 0)}
        return _("Re-exported %(days)s days after coming in") % {"days": days}
    if rule == "hs_switch":
        return _("Exported under an HS code %(holder)s never took in") % {
            "holder": name_of(str(ev["exporter"]))
        }
    if rule == "surge":
        values = {
            "direction": label(ev.get("direction"), "word"),
            "hs": ev.get("hs4") or "—",
            "who": name_of(str(ev.get("who"))),
            "ratio": num(ev.get("ratio"), 1),
            "months": num(ev.get("months_of_history"), 0),
        }
        if ev.get("ratio"):
            return _(
                "Surge of HS %(hs)s (%(direction)s) by %(who)s: %(ratio)s× its usual month"
            ) % (values)
        return (
            _("Surge of HS %(hs)s (%(direction)s) by %(who)s from nothing in %(months)s months")
            % values
        )
    if rule == "transit_overdue":
        deadline = str(ev.get("deadline") or "")[:10]
        if ev.get("discharged"):
            return _("Transit discharged %(days)s days after its deadline %(deadline)s") % {
                "days": num(ev.get("days_late"), 1),
                "deadline": deadline,
            }
        return _("Transit not discharged by its deadline %(deadline)s") % {"deadline": deadline}
    if rule == "transit_elsewhere":
        return _("Transit ended at %(place)s, declared destination %(destination)s") % {
            "place": ev["ended_at"],
            "destination": ev.get("office_of_destination") or "—",
        }
    if rule == "transit_sold":
        return _("Goods in transit sold domestically by %(seller)s") % {
            "seller": name_of(str(ev["seller"]))
        }
    if rule == "transit_route":
        worst = _worst(ev.get("off"), "km_off_road")
        if worst is None:
            return None
        return _("Transit %(km)s km off its corridor's road") % {"km": num(worst, 0)}
    if rule == "unit_value":
        lines = [x for x in ev.get("lines") or [] if isinstance(x, Mapping)]
        worst = max(abs(float(x["log_ratio"])) for x in lines)
        values = {"ratio": num(math.exp(worst), 1)}
        if sum(1 for x in lines if x.get("direction") == "over") * 2 >= len(lines):
            return _("Over-invoiced: unit value %(ratio)s× off the norm") % values
        return _("Under-invoiced: unit value %(ratio)s× off the norm") % values
    return None
