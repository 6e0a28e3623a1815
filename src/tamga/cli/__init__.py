"""The command line: thin over the services; every query has ``--json``."""
