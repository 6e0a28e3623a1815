"""The words for the codes the parts store: channels, states, event types, rules, evidence keys.

The stored values stay codes (``under_review``, ``transit_start``, ``controlled_reexport``); the
pages show them through these vocabularies, each entry a message of the catalogues, so the
``label`` filter reads them in the page's language. A value no vocabulary knows is shown as it
is, with underscores as spaces (the catalogue test lists what the site's pages would show so).
"""

from __future__ import annotations

from typing import Any

from tamga.wording.i18n import N_, gettext

CHANNEL = {"green": N_("green"), "yellow": N_("yellow"), "red": N_("red")}

ALERT_STATE = {
    "new": N_("new"),
    "assigned": N_("assigned"),
    "under_review": N_("under review"),
    "hold": N_("on hold"),
    "released": N_("released"),
    "escalated": N_("escalated"),
    "closed": N_("closed"),
    "closed_false_positive": N_("closed: false positive"),
    "closed_confirmed": N_("closed: confirmed"),
}

TRANSIT_STATE = {
    "open": N_("open"),
    "overdue": N_("overdue"),
    "discharged": N_("discharged"),
    "diverted": N_("diverted"),
    "all": N_("all"),
}

EVENT_TYPE = {
    "import": N_("import"),
    "transit_start": N_("transit start"),
    "checkpoint": N_("checkpoint"),
    "transit_end": N_("transit end"),
    "transfer": N_("sale"),
    "transformation": N_("transformation"),
    "export": N_("export"),
    "adjustment": N_("adjustment"),
}

SEVERITY = {
    "critical": N_("critical"),
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
}

ROLE = {
    "admin": N_("administrator"),
    "analyst": N_("analyst"),
    "officer": N_("officer"),
    "trader": N_("trader"),
}

#: the workflow buttons (label, and what the button does)
ACTION = {
    "assign": N_("Assign"),
    "review": N_("Review"),
    "hold": N_("Hold"),
    "release": N_("Release"),
    "escalate": N_("Escalate"),
    "close": N_("Close"),
    "confirm": N_("Confirm"),
    "reopen": N_("Reopen"),
}
ACTION_HELP = {
    "assign": N_("Assign to the person named (or to you)"),
    "review": N_("Take under review"),
    "hold": N_("Hold the declaration"),
    "release": N_("Release the declaration"),
    "escalate": N_("Escalate to an investigator"),
    "close": N_("Close as a false positive"),
    "confirm": N_("Close as confirmed"),
    "reopen": N_("Reopen"),
}

#: each rule's title, as the queue and the alert page name it
RULE = {
    "controlled_reexport": N_("Controlled goods re-exported"),
    "unbacked": N_("More goods out than the holder had"),
    "fast_turnaround": N_("Fast re-export through a new holder"),
    "hs_switch": N_("HS code switched on export"),
    "surge": N_("Trade surge"),
    "sanctioned_party": N_("Party matches a sanctions list"),
    "transit_overdue": N_("Transit overdue"),
    "transit_elsewhere": N_("Transit ended elsewhere"),
    "transit_sold": N_("Goods in transit sold domestically"),
    "transit_route": N_("Transit off its corridor"),
    "unit_value": N_("Unit value off the norm"),
}

DELISTING_STATE = {
    "filed": N_("filed"),
    "under_review": N_("under review"),
    "approved": N_("approved"),
    "rejected": N_("rejected"),
    "review": N_("reviewed"),
    "file": N_("filed"),
    "approve": N_("approved"),
    "reject": N_("rejected"),
}

EFFECT = {
    "controlled": N_("controlled"),
    "export_ban": N_("export ban"),
    "allowed_parallel_import": N_("parallel import allowed"),
    "allowed_only_brands": N_("allowed only for the brands named"),
    "allowed_except_brands": N_("allowed except the brands named"),
}

#: the keys of the rules' evidence (and of the records inside it)
EVIDENCE = {
    "acquired_as": N_("acquired as"),
    "address": N_("address"),
    "country_match": N_("country match"),
    "country_mismatch": N_("country mismatch"),
    "extra_query_tokens": N_("words only in the name screened"),
    "extra_result_tokens": N_("words only in the listed name"),
    "identifier_conflict": N_("identifier conflict"),
    "identifier_match": N_("identifier match"),
    "legal_form_conflict": N_("legal form conflict"),
    "organisation_against_person": N_("organisation against a person"),
    "allowed": N_("allowed"),
    "as_imported": N_("as imported"),
    "backed_by": N_("backed by"),
    "backed_quantity": N_("backed quantity"),
    "brand": N_("brand"),
    "buyer": N_("buyer"),
    "carrier": N_("carrier"),
    "checkpoints": N_("checkpoints"),
    "codes_held": N_("HS codes held"),
    "compared_in": N_("compared in"),
    "consignee": N_("consignee"),
    "consignor": N_("consignor"),
    "countries": N_("countries"),
    "country": N_("country"),
    "currency": N_("currency"),
    "datasets": N_("data sets"),
    "days": N_("days"),
    "days_before": N_("days before"),
    "days_import_to_export": N_("days from import to export"),
    "days_late": N_("days late"),
    "days_overdue_when_found": N_("days overdue when found"),
    "days_registered": N_("days registered"),
    "deadline": N_("deadline"),
    "declaration": N_("declaration"),
    "declared_quantity": N_("declared quantity"),
    "declared_value": N_("declared value"),
    "destination": N_("destination"),
    "destination_country": N_("destination country"),
    "direction": N_("direction"),
    "discharged": N_("discharged"),
    "effect": N_("effect"),
    "ended_at": N_("ended at"),
    "entity_id": N_("listed entity"),
    "entry": N_("entry"),
    "event_id": N_("event"),
    "export_hs": N_("exported as HS"),
    "exporter": N_("exporter"),
    "features": N_("features"),
    "findings": N_("findings"),
    "goods_key": N_("goods key"),
    "group": N_("group"),
    "gtin": N_("GTIN"),
    "holder": N_("holder"),
    "holders": N_("holders"),
    "hops": N_("hops"),
    "hours_import_to_export": N_("hours from import to export"),
    "hs4": N_("HS heading"),
    "hs_code": N_("HS code"),
    "id": N_("identifier"),
    "identifiers": N_("identifiers"),
    "import_declaration": N_("import declaration"),
    "import_declarations": N_("import declarations"),
    "imports": N_("imports"),
    "intermediaries": N_("intermediaries"),
    "invoice_no": N_("invoice"),
    "kind": N_("kind"),
    "km_off_road": N_("km off the road"),
    "last": N_("last"),
    "last_position": N_("last position"),
    "lat": N_("latitude"),
    "line_no": N_("line"),
    "lines": N_("lines"),
    "list": N_("list"),
    "location": N_("location"),
    "log_ratio": N_("log ratio"),
    "lon": N_("longitude"),
    "mad_log": N_("spread (MAD of log)"),
    "matched_name": N_("matched name"),
    "matches": N_("matches"),
    "measure": N_("measure"),
    "median_month_value": N_("median month's value"),
    "median_unit_value": N_("median unit value"),
    "month": N_("month"),
    "month_value": N_("month's value"),
    "months_of_history": N_("months of history"),
    "name": N_("name"),
    "names": N_("names"),
    "net_kg": N_("net mass, kg"),
    "newest_holder_days": N_("newest holder's age, days"),
    "office_of_departure": N_("office of departure"),
    "office_of_destination": N_("office of destination"),
    "origin": N_("origin"),
    "origin_country": N_("origin country"),
    "origin_from": N_("origin from"),
    "origin_value": N_("origin value"),
    "partner_country": N_("partner country"),
    "party": N_("party"),
    "paths": N_("chains of holders"),
    "possible_only": N_("possible only"),
    "raw": N_("raw"),
    "calibrated": N_("calibrated"),
    "tuning_alerts": N_("alerts it was calibrated on"),
    "quantity": N_("quantity"),
    "ratio": N_("ratio"),
    "reason": N_("reason"),
    "registered": N_("registered"),
    "restricted_quantity": N_("restricted quantity"),
    "restricted_share": N_("restricted share"),
    "robust_z": N_("robust z-score"),
    "role": N_("role"),
    "samples": N_("samples"),
    "schema": N_("kind of entity"),
    "score": N_("score"),
    "screened_as": N_("screened as"),
    "seller": N_("seller"),
    "similar_on": N_("similar on"),
    "similar_prices_seen": N_("similar prices seen"),
    "similar_to": N_("similar to"),
    "still_held": N_("still held"),
    "subject": N_("subject"),
    "tier": N_("tier"),
    "time": N_("time"),
    "topics": N_("topics"),
    "unbacked_quantity": N_("unbacked quantity"),
    "unbacked_share": N_("unbacked share"),
    "unit": N_("unit"),
    "unit_value": N_("unit value"),
    "usual_month_value_all_headings": N_("usual month's value, all headings"),
    "value": N_("value"),
    "vehicle": N_("vehicle"),
    "who": N_("who"),
    "why": N_("why"),
}

#: evidence values that are words, not names (a rule's "direction", a screened "role", ...)
WORD = {
    "import": N_("import"),
    "export": N_("export"),
    "over": N_("over"),
    "under": N_("under"),
    "consignee": N_("consignee"),
    "consignor": N_("consignor"),
    "exporter": N_("exporter"),
    "carrier": N_("carrier"),
    "seller": N_("seller"),
    "buyer": N_("buyer"),
    "holder": N_("holder"),
    "declaration": N_("declaration"),
    "invoice": N_("invoice"),
    "transit": N_("transit"),
    "per kg": N_("per kg"),
    "declarant": N_("declarant"),
    "Company": N_("company"),
    "Organization": N_("organisation"),
    "LegalEntity": N_("legal entity"),
    "Person": N_("person"),
    "Vessel": N_("vessel"),
    "adjustment": N_("adjustment"),
    "unbacked": N_("unbacked"),
    "origin_country": N_("origin country"),
    "dispatch_country": N_("dispatch country"),
    "weight": N_("weight"),
    "value": N_("value"),
    "quantity": N_("quantity"),
}

VOCABULARIES: dict[str, dict[str, str]] = {
    "channel": CHANNEL,
    "alert_state": ALERT_STATE,
    "transit_state": TRANSIT_STATE,
    "event_type": EVENT_TYPE,
    "severity": SEVERITY,
    "role": ROLE,
    "action": ACTION,
    "action_help": ACTION_HELP,
    "rule": RULE,
    "delisting": DELISTING_STATE,
    "effect": EFFECT,
    "evidence": EVIDENCE,
    "word": WORD,
}


def label(value: Any, vocabulary: str) -> str:
    """The word for a stored code in the page's language (the code itself if none is known)."""
    if value is None or value == "":
        return "—"
    text = str(value)
    message = VOCABULARIES[vocabulary].get(text)
    if message is None:
        return text.replace("_", " ")
    return gettext(message)


def known(value: Any, vocabulary: str) -> bool:
    return str(value) in VOCABULARIES[vocabulary]


#: the titles tamga's errors carry (``tamga.errors``), for the error page
ERROR_TITLE = {
    "Bad request": N_("Bad request"),
    "Invalid input": N_("Invalid input"),
    "Not found": N_("Not found"),
    "Conflict": N_("Conflict"),
    "Forbidden": N_("Forbidden"),
    "Unauthorized": N_("Unauthorized"),
    "Store error": N_("Store error"),
    "Ledger integrity": N_("Ledger integrity"),
    "Sign in": N_("Sign in"),
}

#: the statistics part's chart titles (``tamga.stats.report.sections``)
STATS_TITLE = {
    "Flows by reporter and partner, year on year": N_(
        "Flows by reporter and partner, year on year"
    ),
    "Surges (monthly, last periods against their own history)": N_(
        "Surges (monthly, last periods against their own history)"
    ),
    "Surges (yearly, last periods against their own history)": N_(
        "Surges (yearly, last periods against their own history)"
    ),
    "Mirror statistics (importer-reported ÷ exporter-reported)": N_(
        "Mirror statistics (importer-reported ÷ exporter-reported)"
    ),
}
VOCABULARIES["error"] = ERROR_TITLE
VOCABULARIES["stats"] = STATS_TITLE
ROUNDABOUT = "The roundabout through "


def stats_title(title: str) -> str:
    """A statistics chart's title in the page's language."""
    if title.startswith(ROUNDABOUT):
        return gettext("The roundabout through %(country)s") % {"country": title[len(ROUNDABOUT) :]}
    return label(title, "stats")


#: the words inside the statistics part's figures (``tamga.stats.charts``): chart, axis and
#: trace titles
STATS_FIGURE = {
    "Trade flows": N_("Trade flows"),
    "Largest surges": N_("Largest surges"),
    "Mirror statistics": N_("Mirror statistics"),
    "Average unit price": N_("Average unit price"),
    "period": N_("period"),
    "value": N_("value"),
    "rise of the mean per period": N_("rise of the mean per period"),
    "value per unit": N_("value per unit"),
    "reported by exporter": N_("reported by exporter"),
    "reported by importer": N_("reported by importer"),
}
VOCABULARIES["stats_figure"] = STATS_FIGURE


def _figure_word(text: str) -> str:
    if text in STATS_FIGURE:
        return gettext(STATS_FIGURE[text])
    head, _sep, tail = text.partition(" ")  # "value USD"
    if head in STATS_FIGURE and tail.isupper():
        return f"{gettext(STATS_FIGURE[head])} {tail}"
    return text


def localise_figure(fig: dict[str, Any]) -> dict[str, Any]:
    """A statistics figure with its chart, axis and trace titles in the page's language (the
    data and the codes in it stay as they are)."""
    layout = fig.get("layout") or {}
    for key in [k for k in layout if k == "title" or k.startswith(("xaxis", "yaxis"))]:
        part = layout[key]
        target = part.get("title") if key != "title" and isinstance(part, dict) else part
        if isinstance(target, dict) and isinstance(target.get("text"), str):
            target["text"] = _figure_word(target["text"])
        elif key == "title" and isinstance(part, str):
            layout["title"] = _figure_word(part)
    for trace in fig.get("data") or []:
        if isinstance(trace, dict) and isinstance(trace.get("name"), str):
            trace["name"] = _figure_word(trace["name"])
    return fig
