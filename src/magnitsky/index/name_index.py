"""An in-memory inverted index from name keys to listed name forms.

Every form of every listed name is indexed under its tokens' phonetic keys and under character
trigrams of those keys (so a typo that changes a key still shares most trigrams). A query adds up
the inverse-document-frequency weights of the keys it shares with each form (``top_forms``, over
posting arrays) and the best few forms go on to full scoring. Rare keys weigh more,
so "Klyuev" pulls its entry up while "Mohammed" alone does not flood the candidates.

The index is built once per set of list versions and saved beside the store, in a file that
opens by mapping it into memory (``index.saved``).
"""

from __future__ import annotations

import math
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from magnitsky.index.form_table import FormTable
from magnitsky.index.forms import NameForm, name_forms, written_word_for_word
from magnitsky.index.saved import SavedIndex, write_index
from magnitsky.index.top_forms import top_forms
from magnitsky.model import Entity, NameKind
from magnitsky.names import normalise_identifier, phonetic_key, reads_as_korean_only, skeleton

_TRIGRAM_WEIGHT = 0.35  # a shared trigram is weaker evidence than a shared whole key
_MAX_DF_SHARE = 0.05  # keys on more than 5% of forms say nothing; they are not indexed
ORGANISATION_SCHEMATA = frozenset({"Organization", "Company", "LegalEntity"})
FORMAT_VERSION = 26  # bump when the saved layout or what names normalise to changes
_TOKEN_CACHE = 200_000  # tokens whose key numbers an index keeps
_RECORDS = ("entities", "forms", "form_name")  # saved one pickle per item: unpickled when asked for


# The sanctions on North Korea as the lists name them: OFAC's DPRK, DPRK2 ... DPRK-NKSPEA, the UN's
# DPRK, the EU's PRK, the UK's regime
_NORTH_KOREA_PROGRAMS = ("DPRK", "PRK", "Democratic People's Republic of Korea")
_KOREAN_NATIONALITIES = frozenset({"kp", "kr"})


def is_organisation(schema: str) -> bool:
    return schema in ORGANISATION_SCHEMATA


def syllable_may_drop(entity: Entity, name: str) -> bool:
    """Whether a query may leave out a syllable of the given name in ``entity``'s ``name`` ("Su KIM"
    for Su Il KIM) where the list writes it as a word of its own (its form ``written_word_for_word``:
    ``FormTable.syllable_may_drop``). So it may for a Korean given name, two syllables almost
    always: one syllable alone is hardly anyone's whole given name, and the second went where a
    middle name goes on a form with no room for it. Korean is the person (a North or South Korean
    national), the listing (under the sanctions on North Korea, where a missed official weighs more
    than one alert more) or the name of a person of no known nationality (``reads_as_korean_only``:
    Khin Maung YI of Burma reads so too). Not a Chinese given name, one
    syllable as often as two: "Ping Chang" is a whole name of its own, not Ping Yun CHANG's."""
    if entity.schema != "Person":
        return False
    return (
        not _KOREAN_NATIONALITIES.isdisjoint(entity.nationalities)
        or any(program.startswith(_NORTH_KOREA_PROGRAMS) for program in entity.programs)
        or (not entity.nationalities and reads_as_korean_only(name))
    )


def _trigrams(key: str) -> set[str]:
    padded = f"^{key}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def form_keys(form: NameForm) -> set[str]:
    """Retrieval keys of a form: phonetic keys of its tokens and of adjacent tokens joined
    ("su yong" meets "suyong"), and each token's own keys (``_token_keys``)."""
    keys = _whole_keys(form)
    for token in form.tokens:
        keys |= _token_keys(token)
    return keys


def _whole_keys(form: NameForm) -> set[str]:
    """The phonetic keys of a form's tokens and of adjacent tokens joined."""
    tokens = form.tokens
    keys = set(form.keys)
    keys.update(phonetic_key(a + b) for a, b in zip(tokens, tokens[1:]))
    return keys


SLIP_TOKEN_LETTERS = (4, 8)  # company-name words this long get keys that survive one slip ...
SLIP_NAME_LETTERS = 16  # ... in names of at most this many letters (KRYMTETS, GARANT SV)


def slip_keys(form: NameForm) -> set[str]:
    """Keys a short company name shares with itself spelled with one letter added, dropped,
    changed or two swapped (``-``-prefixed: each word of 4-8 letters, and it with each letter
    dropped: TENRON and TERON share ``-teron``, SCAN and SCNA ``-sca``). A short word keeps too
    few trigrams through a slip to be found by them, and a company's name is often one short
    word; a person's is not, and people's names get none of these keys."""
    if sum(len(t) for t in form.tokens) > SLIP_NAME_LETTERS:
        return set()
    shortest, longest = SLIP_TOKEN_LETTERS
    keys = set()
    for token in form.tokens:
        if shortest <= len(token) <= longest:
            keys.add("-" + token)
            keys.update("-" + token[:i] + token[i + 1 :] for i in range(len(token)))
    return keys


@lru_cache(maxsize=200_000)
def _token_keys(token: str) -> frozenset[str]:
    """The token ``=``-prefixed as written (short or common-sounding tokens like "bio" have
    uninformative keys but informative spellings), and ``~``-prefixed trigrams of its skeleton
    (a typo or swap that changes a key keeps most of them). Kept per token: customers' names
    are made of far fewer distinct tokens than there are customers."""
    keys = {"=" + token}
    if len(token) >= 3:
        keys.update("~" + t for t in _trigrams(skeleton(token)))
    return frozenset(keys)


@dataclass(frozen=True, slots=True)
class Candidate:
    entity: Entity
    form: NameForm
    name: str  # the listed name the form came from
    kind: NameKind
    retrieval: float  # summed key weights: only for ranking candidates


class NameIndex:
    """Listed entities with their name forms, and key -> form postings."""

    def __init__(self, entities: Iterable[Entity]):
        # Entities a publisher includes only as context (OpenSanctions' non-targets: relatives,
        # owned companies) are not listed; screening against them would raise false alerts.
        # Sequences, not lists: an opened index unpickles their items when asked for (``load``)
        self.entities: Sequence[Entity] = [e for e in entities if ("target", "false") not in e.extra]
        forms: list[NameForm] = []
        form_entity: list[int] = []
        form_name: list[tuple[str, NameKind]] = []
        may_drop: list[bool] = []  # per form: ``syllable_may_drop``, for the name as written
        postings: dict[str, list[int]] = defaultdict(list)
        token_df: dict[str, int] = defaultdict(int)
        for entity_no, entity in enumerate(self.entities):
            organisation = is_organisation(entity.schema)
            for name in entity.names:
                written = written_word_for_word(name.full) if syllable_may_drop(entity, name.full) else None
                for form in name_forms(name.full, organisation):
                    form_no = len(forms)
                    forms.append(form)
                    may_drop.append(form == written)
                    form_entity.append(entity_no)
                    form_name.append((name.full, name.kind))
                    for key in form_keys(form) | (slip_keys(form) if organisation else set()):
                        postings[key].append(form_no)
                    for token in set(form.tokens):
                        token_df[token] += 1
        self.forms: Sequence[NameForm] = forms
        self.form_entity = np.asarray(form_entity, dtype=np.int32)
        self.form_name: Sequence[tuple[str, NameKind]] = form_name
        total = max(len(forms), 1)
        limit = max(50, int(total * _MAX_DF_SHARE))
        # key -> form numbers as one array sliced by offsets: a dict of 100,000 small arrays took
        # half a second to unpickle, holding the interpreter lock against a serving process's requests
        # numbered in key order, so that key numbers in order are keys in order (``candidate_rows``)
        kept = sorted(key for key, ids in postings.items() if len(ids) <= limit)
        # a key's number is its place in this sorted array (``_key_numbers``), used in place from an
        # opened index: unpickling the 200,000 keys of every shared list as a dict took 0.07 s of the
        # screen command's start, in every process (UTF-8 bytes sort as the strings do)
        self.keys = np.asarray([key.encode() for key in kept], dtype=bytes)
        self.key_weights = np.asarray(
            [math.log(1 + total / len(postings[k])) * (_TRIGRAM_WEIGHT if k.startswith("~") else 1.0) for k in kept]
        )
        self.posting_offsets = np.concatenate([[0], np.cumsum([len(postings[k]) for k in kept])]).astype(np.int64)
        self.posting_forms = np.asarray([n for k in kept for n in postings[k]], dtype=np.int32)
        self.token_weights = {t: math.log(1 + total / df) for t, df in token_df.items()}
        self.max_token_weight = math.log(1 + total)
        # per form, whether it is of a weak alias, as an array: the matcher reads it for all
        # candidates at once
        self.weak_forms = np.asarray([kind is NameKind.WEAK for _, kind in self.form_name], dtype=bool)
        schemata = [self.entities[e].schema for e in self.form_entity]
        self.table = FormTable(self.forms, schemata, self.token_weight, ORGANISATION_SCHEMATA, may_drop)
        self.identifiers = self._identifier_index()
        # known without unpickling every entity of an opened index
        self.entity_ids = frozenset(e.id for e in self.entities)
        self.sources = frozenset(e.source for e in self.entities)
        self._add_caches()

    def _add_caches(self) -> None:
        """Per-index caches (private attributes: not saved)."""
        self._token_numbers: dict[str, list[int]] = {}

    def _token_key_numbers(self, token: str) -> list[int]:
        """The numbers of a token's own keys (``_token_keys``), looked up once, not for every
        customer whose name has the token (up to _TOKEN_CACHE tokens, then afresh)."""
        numbers = self._token_numbers.get(token)
        if numbers is None:
            if len(self._token_numbers) >= _TOKEN_CACHE:
                self._token_numbers.clear()
            numbers = self._token_numbers[token] = self._key_numbers(_token_keys(token))
        return numbers

    def indexed_keys(self) -> Iterator[str]:
        """Every indexed key, in order."""
        return (key.decode() for key in self.keys.tolist())

    def _key_numbers(self, keys: Iterable[str]) -> list[int]:
        """The numbers of those of ``keys`` that are indexed: found in the sorted key array all at
        once (one search for many keys costs little more than for one)."""
        table = self.keys
        width = table.dtype.itemsize
        # a key longer than any indexed one is not indexed (and would be cut to the array's width)
        wanted = np.array([b for key in keys if len(b := key.encode()) <= width], dtype=table.dtype)
        if not len(table) or not len(wanted):
            return []
        at = np.minimum(np.searchsorted(table, wanted), len(table) - 1)
        return at[table[at] == wanted].tolist()

    def _identifier_index(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = defaultdict(list)
        for entity_no, entity in enumerate(self.entities):
            for identifier in entity.identifiers:
                if key := normalise_identifier(identifier.value):
                    index[key].append(entity_no)
        return dict(index)

    def __len__(self) -> int:
        return len(self.entities)

    def token_weight(self, token: str) -> float:
        """Inverse document frequency of a token among listed names; unseen tokens weigh most."""
        return self.token_weights.get(token, self.max_token_weight)

    def candidate_rows(
        self, forms: Iterable[NameForm], limit: int = 40, floor_share: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray]:
        """The numbers of the ``limit`` listed name forms sharing the most (weighted) keys with any
        query form (more when several tie for the last place), best first, and those summed key
        weights; forms below ``floor_share`` of the best form's weight are left out."""
        return self.candidate_rows_many([forms], limit, floor_share)[0]

    def candidate_rows_many(
        self,
        queries: Sequence[Iterable[NameForm]],
        limit: int = 40,
        floor_share: float = 0.0,
        companies: Sequence[bool] = (),
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """``candidate_rows`` of the forms of each of several queries: the keys of all, then the
        sums of all, back to back (why: ``Matcher.match_many``). The queries ``companies`` says may
        name a company also look for company names one slip away (``slip_keys``)."""
        numbers = [self._key_numbers_of(forms, i < len(companies) and companies[i]) for i, forms in enumerate(queries)]
        return [
            top_forms(
                n, self.posting_offsets, self.posting_forms, self.key_weights, len(self.forms), limit, floor_share
            )
            for n in numbers
        ]

    def _key_numbers_of(self, forms: Iterable[NameForm], company: bool = False) -> np.ndarray:
        """The numbers of the indexed ones of the forms' ``form_keys`` (and ``slip_keys`` for a
        ``company``), in order."""
        keys: set[str] = set()
        numbers: set[int] = set()
        for form in forms:
            keys |= _whole_keys(form)
            if company:
                keys |= slip_keys(form)
            for token in form.tokens:
                numbers.update(self._token_key_numbers(token))
        numbers.update(self._key_numbers(keys))
        # in key order (see ``__init__``): float sums and ties must not depend on the hash seed
        return np.fromiter(sorted(numbers), dtype=np.int64, count=len(numbers))

    def entity_of(self, row: int) -> Entity:
        """The entity whose name form is ``row``."""
        return self.entities[self.form_entity[row]]

    def entity_legal_forms(self, row: int) -> tuple[str, ...]:
        """The legal-form classes of every name of the entity whose name form is ``row``: what
        company it is when one of its names, an alias such as SAHA, is written without one."""
        return tuple(dict.fromkeys(c for form in self._entity_forms(row) for c in form.legal_forms))

    def entity_form_keys(self, row: int) -> tuple[str, ...]:
        """The legal forms written in every name of the entity whose name form is ``row`` (their
        keys, ``names.legalforms``): where its names say it is registered."""
        return tuple(dict.fromkeys(k for form in self._entity_forms(row) for k in form.form_keys))

    def _entity_forms(self, row: int) -> Sequence[NameForm]:
        """The name forms of the entity whose name form is ``row`` (an entity's are numbered together)."""
        entity_no = self.form_entity[row]
        first, end = np.searchsorted(self.form_entity, [entity_no, entity_no + 1])
        return self.forms[first:end]

    def candidate(self, row: int, retrieval: float = 0.0) -> Candidate:
        name, kind = self.form_name[row]
        return Candidate(self.entities[self.form_entity[row]], self.forms[row], name, kind, retrieval)

    def candidates(self, forms: Iterable[NameForm], limit: int = 40) -> list[Candidate]:
        """The ``limit`` listed name forms sharing the most (weighted) keys with any query form."""
        rows, scores = self.candidate_rows(forms, limit)
        return [self.candidate(row, score) for row, score in zip(rows.tolist(), scores.tolist())]

    def by_identifier(self, value: str) -> list[Entity]:
        return [self.entities[i] for i in self.identifiers.get(normalise_identifier(value), [])]

    # -- persistence ---------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write atomically (a reader never sees a half-written index) in the layout ``load`` maps
        into memory (``index.saved``): arrays used in place, records unpickled when asked for."""
        state = {name: value for name, value in vars(self).items() if not name.startswith("_")}
        state |= {f"table.{name}": value for name, value in vars(state.pop("table")).items()}
        arrays = {name: state.pop(name) for name in list(state) if isinstance(state[name], np.ndarray)}
        records = {name: state.pop(name) for name in _RECORDS}
        write_index(path, FORMAT_VERSION, arrays, records, state)

    @classmethod
    def load(cls, path: Path, between_parts: Callable[[], None] | None = None) -> NameIndex | None:
        """The saved index, or None when absent, unreadable or of another layout.

        ``between_parts`` is called after each object is unpickled (the token table takes a fiftieth
        of a second, holding the interpreter lock): a server loading a new index in a
        thread passes a short sleep here to let its requests run in between."""
        try:
            saved = SavedIndex(path, FORMAT_VERSION)
        except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            return None
        index, table = cls.__new__(cls), FormTable.__new__(FormTable)
        index.table = table
        parts = [(name, saved.array) for name in saved.arrays] + [(name, saved.record_list) for name in saved.records]
        for name, read in parts + [(name, saved.object) for name in saved.objects]:
            owner, attribute = (table, name.removeprefix("table.")) if name.startswith("table.") else (index, name)
            setattr(owner, attribute, read(name))
            if between_parts and read == saved.object:
                between_parts()
        index._add_caches()
        return index
