"""Independent evaluation worlds for tamga's risk rules.

Each world is generated from its own model of Kazakhstan's trade and road transport, written
without reading the rules or the project's simulator, so that the rules can be measured on data
they were not tuned against. ``second.py`` is the command line; see README.md in this folder.
"""
