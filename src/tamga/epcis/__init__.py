"""GS1 EPCIS 2.0 interchange: reading and validating EPCIS documents (JSON-LD and XML), the CBV 2.0
Event Hash ID, mapping EPCIS events to and from tamga's ledger events, and storage of captured
events with the standard query interface. The REST API mounts this package at ``/epcis/``."""
