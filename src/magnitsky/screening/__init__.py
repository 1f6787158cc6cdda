"""Decisions on people, visa applicants and payments, built on the matcher."""

from magnitsky.screening.screener import DEFAULT_THRESHOLD, NoListsError, Screener, ScreeningHit, ScreenResult

__all__ = ["DEFAULT_THRESHOLD", "NoListsError", "ScreenResult", "Screener", "ScreeningHit"]
