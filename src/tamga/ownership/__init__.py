"""Who is behind a party: ownership and control links, and exposure to listed persons.

``OwnershipStore(engine).graph()`` builds the graph of the store's links; ``exposure_of(graph,
query, on)`` answers for one party (OFAC 50% aggregate, EU/UK control, dates respected).
"""

from tamga.ownership.exposure import Exposure, OwnershipPath, exposure
from tamga.ownership.graph import OwnershipGraph
from tamga.ownership.model import Link, LinkReport, Problem
from tamga.ownership.service import ExposureService, exposure_of, resolve

__all__ = [
    "Exposure",
    "ExposureService",
    "Link",
    "LinkReport",
    "OwnershipGraph",
    "OwnershipPath",
    "Problem",
    "exposure",
    "exposure_of",
    "resolve",
]
