"""Scoring listed candidates against a query, with explanations."""

from magnitsky.match.matcher import Match, Matcher
from magnitsky.match.query import Query, QueryError

__all__ = ["Match", "Matcher", "Query", "QueryError"]
