"""Trade statistics: load published trade files and the ledger into panels, analyse them once
over Ibis (growth, surges, mirror gaps, the roundabout, price indices), chart them with Plotly."""

from tamga.stats.analyses.growth import growth
from tamga.stats.analyses.index import price_index
from tamga.stats.analyses.mirror import mirror
from tamga.stats.analyses.roundabout import roundabout, roundabout_did
from tamga.stats.analyses.surges import surges
from tamga.stats.load import load_file, load_ledger
from tamga.stats.panel import Panel

__all__ = [
    "Panel",
    "growth",
    "load_file",
    "load_ledger",
    "mirror",
    "price_index",
    "roundabout",
    "roundabout_did",
    "surges",
]
