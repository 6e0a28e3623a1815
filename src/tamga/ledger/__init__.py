"""The ledger: events in, a virtual warehouse, transit states and provenance out.

``model`` holds the event vocabulary, ``parsing`` turns raw records into events with errors that
name the record and field, ``engine`` applies events to a working state (stock by lot, transits,
provenance) and ``service`` runs ingest and queries over a store.
"""
