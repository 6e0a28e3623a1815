"""tamga: follow goods from border to border.

A customs ledger (events → stock by lot, transits, provenance), controlled lists, party
screening, risk rules, trade statistics, and the CLI / REST API / dashboard over them.
"""

__version__ = "0.1.0"
