"""Errors the application layer raises for the edges to map (STYLE §6)."""

from __future__ import annotations


class StoreUnavailable(Exception):
    """The database cannot be reached or failed mid-transaction (HTTP 503); nothing was written."""


class BrokerUnavailable(Exception):
    """The job broker cannot be reached (HTTP 503)."""


class Unauthorized(Exception):
    """No valid credentials for this scope (HTTP 401)."""
