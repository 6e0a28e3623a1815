"""The lists part's tables: lists, every entry version, amendments, delisting requests.

Entries are stored as versions (``valid_from``/``valid_to``) with their content as JSON, so a
list read back is exactly the ``GoodsList`` that was written, history included. ``revision``
in ``lists_meta`` grows with every write, so each process can tell when its in-memory checker
is stale without reading the lists again.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from tamga.store.schema import metadata

goods_lists = Table(
    "goods_lists",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("title", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("version", String(40), nullable=False),
    Column("loaded_at", String(40), nullable=False),
    Column("loaded_by", String(200), nullable=False),
    Column("details", Text),  # JSON: {"regime": [periods], "notes": [texts]}
)

#: every version of every entry; ``content`` is ``Entry.to_dict()`` as JSON
goods_list_entries = Table(
    "goods_list_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("list_name", String(100), ForeignKey("goods_lists.name"), nullable=False),
    Column("entry_id", String(200), nullable=False),
    Column("valid_from", String(10), nullable=False),
    Column("valid_to", String(10)),
    Column("content", Text, nullable=False),
    Index("ix_goods_list_entries_list", "list_name", "entry_id"),
)

#: the amendments in the order they were applied; ``entry`` is the new content (add/change)
goods_list_amendments = Table(
    "goods_list_amendments",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("list_name", String(100), ForeignKey("goods_lists.name"), nullable=False),
    Column("entry_id", String(200), nullable=False),
    Column("action", String(10), nullable=False),
    Column("effective", String(10), nullable=False),
    Column("entry", Text),
    Column("note", Text),
    Column("recorded_by", String(200)),
    Column("recorded_at", String(40), nullable=False),
    Column("source", Text),  # JSON: the amending order and where it was read (Source)
    Index("ix_goods_list_amendments_list", "list_name", "seq"),
)

delisting_requests = Table(
    "delisting_requests",
    metadata,
    Column("request_id", String(40), primary_key=True),
    Column("list_name", String(100), nullable=False),
    Column("rights_holder", String(300), nullable=False),
    Column("brand", String(200), nullable=False),
    Column("hs_scope", Text, nullable=False),  # JSON array of HS prefixes; [] = every entry
    Column("grounds", Text),
    Column("state", String(20), nullable=False),
    Column("filed_by", String(200), nullable=False),
    Column("filed_at", String(40), nullable=False),
    Column("reviewer", String(200)),
    Column("decided_by", String(200)),
    Column("decided_at", String(40)),
    Column("decision_reason", Text),
    Column("effective", String(10)),
    Column("amendments", Text),  # JSON array of the amendment seqs an approval made
    Index("ix_delisting_requests_state", "state", "request_id"),
)

#: every step of every request: who did what, when, and why
delisting_steps = Table(
    "delisting_steps",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(40), ForeignKey("delisting_requests.request_id"), nullable=False),
    Column("step", String(20), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("at", String(40), nullable=False),
    Column("note", Text),
    Index("ix_delisting_steps_request", "request_id", "seq"),
)

lists_meta = Table(
    "lists_meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)
