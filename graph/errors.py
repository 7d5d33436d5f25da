"""Errors callers see. Driver exceptions are translated at the store's edge and never escape it."""

from __future__ import annotations


class GraphError(Exception):
    """Base of every error the graph layer raises."""


class StoreUnavailable(GraphError):
    """The graph engine cannot be reached or did not start."""


class NotFound(GraphError):
    """An entity or a named query does not exist."""


class QueryError(GraphError):
    """A query is malformed, failed on the engine, or exceeded its time limit."""


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped (by the engine, or by the caller at the deadline)."""


class WriteRefused(GraphError):
    """A query sent for read-only execution could write, or uses something the guard does not allow."""
