"""Scoring listed candidates against a query, with explanations."""

from magnitsky.match.matcher import FEATURE_DEFINITIONS, Match, Matcher, NameMatch
from magnitsky.match.query import Query, QueryError

__all__ = ["FEATURE_DEFINITIONS", "Match", "Matcher", "NameMatch", "Query", "QueryError"]
