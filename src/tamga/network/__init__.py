"""The trade network from the ledger: who sold what to whom, communities, brokers, circular
trades and fast-growing parties around one holder (igraph)."""

from tamga.network.graph import TradeNetwork
from tamga.network.service import NetworkService
from tamga.network.store import NetworkStore

__all__ = ["NetworkService", "NetworkStore", "TradeNetwork"]
