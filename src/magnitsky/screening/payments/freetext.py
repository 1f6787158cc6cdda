"""Listed names inside sentences: "invoice 17 consulting services for Dmitry Klyuev, Moscow".

Free text is not a name, so it is not screened as one. Each word is reduced to the phonetic keys
the name index uses; only runs of words whose keys occur in some listed name can hold a listed
name, and only windows of two to five such words are screened, as a name of unknown type. That
keeps the work proportional to the name-like words, not to every n-gram of the text.

A window that scores well is not yet a hit: sentences are full of words that also occur in long
listed names ("for the" in "Al-Nusrah Front for the People of the Levant"). A hit must contain
most of the listed name, weighted by how rare each word is (``MIN_COVERAGE``), and at least two
of its words spelled alike (one for a one-word name).

Work is bounded: at most ``MAX_CHARS`` characters of a transaction's free text and at most
``MAX_WINDOWS`` windows are screened; a result says when text was left unscreened, so the
decision can send it to a reviewer rather than pass it unread.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from magnitsky.index import name_forms
from magnitsky.screening.payments.parties import FreeText
from magnitsky.screening.screener import Screener, ScreeningHit

MAX_CHARS = 10_000  # free text screened per transaction
MAX_WINDOWS = 300  # name windows screened per transaction
MIN_WINDOW, MAX_WINDOW = 2, 5  # words in a window: listed names have two to five words
MIN_COVERAGE = 0.6  # share of the listed name's (weighted) words the text must contain
STRONG_PAIR = 0.9  # a word pair this similar (exact, phonetic, initial) counts as present
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class TextHit:
    field: str
    excerpt: str  # the words of the text that matched
    hit: ScreeningHit


@dataclass
class TextScan:
    hits: list[TextHit] = field(default_factory=list)
    total_chars: int = 0
    screened_chars: int = 0
    windows: int = 0
    windows_left: int = 0  # windows not screened because MAX_WINDOWS was reached

    @property
    def complete(self) -> bool:
        return self.screened_chars == self.total_chars and self.windows_left == 0

    def note(self) -> str | None:
        """Why the scan is incomplete, for the decision and the reviewer; None when complete."""
        if self.complete:
            return None
        parts = []
        if self.screened_chars < self.total_chars:
            parts.append(
                f"only the first {self.screened_chars:,} of {self.total_chars:,} characters of free text were screened"
            )
        if self.windows_left:
            parts.append(
                f"{self.windows_left:,} name-like word windows beyond the first {MAX_WINDOWS} were not screened"
            )
        return "; ".join(parts)


class FreeTextScanner:
    """Scans free text against the screener's index; the listed keys are read once."""

    def __init__(self, screener: Screener):
        self.screener = screener
        self.listed_keys = frozenset(k for k in screener.index.indexed_keys() if not k.startswith("~"))

    def scan(self, texts: Sequence[FreeText], threshold: float) -> TextScan:
        """Listed names at or above ``threshold`` in ``texts``, the best hit per listed entity."""
        scan = TextScan(total_chars=sum(len(t.text) for t in texts))
        budget = MAX_CHARS
        best: dict[str, TextHit] = {}
        for item in texts:
            text = item.text[:budget]
            budget -= len(text)
            scan.screened_chars += len(text)
            for window in self._windows(text):
                if scan.windows == MAX_WINDOWS:
                    scan.windows_left += 1
                    continue
                scan.windows += 1
                result = self.screener.screen(
                    {"schema": "Thing", "properties": {"name": [window]}}, threshold, limit=3, only_matches=True
                )
                for hit in result.matches:
                    if (
                        hit.score >= threshold
                        and self._contains_name(hit)
                        and (hit.entity_id not in best or hit.score > best[hit.entity_id].hit.score)
                    ):
                        best[hit.entity_id] = TextHit(item.field, window, hit)
        scan.hits = sorted(best.values(), key=lambda h: -h.hit.score)
        return scan

    def _windows(self, text: str) -> list[str]:
        """Windows of 2-5 consecutive name-like words, longest first within each run."""
        runs, run = [], []
        for word in _WORD.findall(text):
            if self._name_like(word):
                run.append(word)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        windows: dict[str, None] = {}
        for run in runs:
            for size in range(min(MAX_WINDOW, len(run)), MIN_WINDOW - 1, -1):
                for start in range(len(run) - size + 1):
                    windows[" ".join(run[start : start + size])] = None
        return list(windows)

    def _contains_name(self, hit: ScreeningHit) -> bool:
        """Whether the window holds the listed name itself, not a few common words of it."""
        alignment = hit.name.alignment
        weight = self.screener.index.token_weight
        matched = [w for pair in alignment.pairs for w in pair.listed.split()]
        listed = matched + alignment.unmatched_listed
        strong = sum(1 for pair in alignment.pairs if pair.similarity >= STRONG_PAIR)
        coverage = sum(map(weight, matched)) / max(sum(map(weight, listed)), 1e-9)
        return coverage >= MIN_COVERAGE and strong >= min(2, len(listed))

    def _name_like(self, word: str) -> bool:
        return any(key in self.listed_keys for form in name_forms(word) for key in form.keys)
