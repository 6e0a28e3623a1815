"""A simulated customs ledger for a Kazakhstan-like transit country, with planted schemes.

``generate(SimConfig(...), Outputs.beside(path))`` writes the ledger (JSON Lines in the event
vocabulary), the ground-truth labels, the holder registry, a fictional FtM sanctions file and a
manifest; ``simulate(config, sink)`` hands the events to any callable instead;
``summarize_files(path)`` reads a written ledger back into summary statistics.
"""

from tamga.simulate.config import SCHEMES, SimConfig, parse_scheme_rates
from tamga.simulate.generate import Outputs, RunResult, generate, simulate
from tamga.simulate.summary import summarize, summarize_files

__all__ = [
    "SCHEMES",
    "Outputs",
    "RunResult",
    "SimConfig",
    "generate",
    "parse_scheme_rates",
    "simulate",
    "summarize",
    "summarize_files",
]
