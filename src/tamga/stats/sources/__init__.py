"""Readers that turn published trade files and the ledger into panel rows."""
