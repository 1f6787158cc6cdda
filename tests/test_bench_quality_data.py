"""The quality benchmark's variant generators (bench/quality_data.py) make the change each
category claims, on real names from the official lists in ../shared/data, and nothing else."""

from __future__ import annotations

import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import icu
import pytest
from rapidfuzz.distance import OSA, Levenshtein

from magnitsky.model import Entity, Name, NameKind
from magnitsky.sources import open_list

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import quality_data as qd  # noqa: E402

pytestmark = pytest.mark.slow  # reads the full official files: .ci/run runs it, `pytest -m "not slow"` leaves it out

LISTS = (
    ("ofac_sdn_2021/sdn.csv", "ofac_csv"),
    ("ofac_cons/cons_prim.csv", "ofac_cons_csv"),
    ("un/consolidated.xml", "un_xml"),
)
PER_CATEGORY = 150  # real names each generator is checked on


@pytest.fixture(scope="module")
def entities() -> list[Entity]:
    data = ROOT.parent / "shared" / "data"
    assert data.is_dir(), f"expected the official list files at {data}"
    return [e for rel, fmt in LISTS for e in open_list(data / rel, fmt=fmt).entities()]


def variants(entities: list[Entity], category: str) -> list[tuple[Name, str]]:
    """(listed name, variant) for up to PER_CATEGORY real entities the category applies to."""
    cat = next(c for c in qd.CATEGORIES if c.name == category)
    rng = random.Random(7)
    out = []
    for entity in entities:
        schema = qd._query_schema(entity)
        if schema is None or not (cat.persons if schema == qd.PERSON else cat.organisations):
            continue
        if found := qd._variant(cat, entity, rng):
            out.append((found[1], found[0]))
        if len(out) >= PER_CATEGORY:
            break
    assert len(out) >= 20, f"{category} applies to too few real names ({len(out)})"
    return out


def test_exact(entities):
    for name, out in variants(entities, "exact"):
        assert out == name.full


def test_typo_is_one_edit_in_a_long_token(entities):
    for name, out in variants(entities, "typo"):
        assert Levenshtein.distance(name.full, out) == 1
        before, after = qd.letter_runs(name.full), qd.letter_runs(out)
        changed = [word for word, new in zip(before, after) if word != new]
        assert len(before) == len(after) and len(changed) == 1 and len(changed[0]) >= 5, (name.full, out)


def test_transposition_swaps_two_adjacent_letters(entities):
    for name, out in variants(entities, "transposition"):
        assert OSA.distance(name.full, out) == 1 and Levenshtein.distance(name.full, out) == 2
        assert sorted(out) == sorted(name.full)


def test_reordered_puts_the_family_name_first(entities):
    for name, out in variants(entities, "reordered"):
        given, family = qd.person_parts(name)
        assert out.split() == family + given and given
        assert sorted(out.split()) == sorted(name.full.split())


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(token in it for token in short)


def test_missing_token_drops_one_middle_name(entities):
    for name, out in variants(entities, "missing_token"):
        before, after = name.full.split(), out.split()
        family = qd.person_parts(name)[1]
        assert _is_subsequence(after, before)
        assert after[0] == before[0] and after[-len(family) :] == family
        dropped = list((Counter(before) - Counter(after)).elements())
        assert len([t for t in dropped if not qd.is_particle(t)]) == 1, (name.full, out)


def test_extra_token_adds_one_plausible_middle_name(entities):
    pool = {m.lower() for names in qd._MIDDLE_NAMES.values() for m in names}
    for name, out in variants(entities, "extra_token"):
        before, after = name.full.split(), out.split()
        assert len(after) == len(before) + 1 and _is_subsequence(before, after)
        assert after[1].lower() in pool and after[1].lower() not in {t.lower() for t in before}


def test_initials_replace_given_names(entities):
    for name, out in variants(entities, "initials"):
        given, family = qd.person_parts(name)
        initials = out.split()[: len(given)]
        assert out.split()[len(given) :] == family
        assert [i[0] for i in initials] == [qd.letter_runs(g)[0][0].upper() for g in given]
        assert all(len(i) == 2 and i.endswith(".") for i in initials)


def test_diacritics_only_change_accents(entities):
    found = variants(entities, "diacritics")
    for name, out in found:
        assert out != name.full and qd.strip_marks(out) == qd.strip_marks(name.full)
    assert any(name.full.isascii() for name, _ in found), "accents are added to ASCII names"


def test_joined_split_moves_one_word_boundary(entities):
    for name, out in variants(entities, "joined_split"):
        before, after = qd.letter_runs(name.full.casefold()), qd.letter_runs(out.casefold())
        assert "".join(after) == "".join(before)
        assert abs(len(after) - len(before)) == 1, (name.full, out)


def test_titles_prefix_an_honorific(entities):
    titles = {t.casefold() for t in qd._TITLES}
    for name, out in variants(entities, "titles"):
        title, _, rest = out.partition(" ")
        assert rest == name.full and title.casefold() in titles


def test_legal_form_changes_only_the_legal_form(entities):
    for name, out in variants(entities, "legal_form"):
        assert qd.legal_form_core(out) == qd.legal_form_core(name.full)
        assert qd._FORM_RE.search(name.full)
        assert out.casefold() != name.full.casefold()


def test_original_script_is_the_listed_original(entities):
    for name, out in variants(entities, "original_script"):
        assert name.kind is NameKind.ORIGINAL and out == name.full and not out.isascii()


def test_romanized_script_is_icus_romanisation_of_the_original(entities):
    latin = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")
    for name, out in variants(entities, "romanized_script"):
        assert name.kind is NameKind.ORIGINAL and out.isascii()
        assert out.lower().split() == latin.transliterate(name.full).lower().split()


def test_reromanize_follows_each_system():
    # Dmitri Vladislavovich KLYUEV, OFAC SDN (MAGNIT), as BGN/PCGN writes him.
    listed = "Dmitri Vladislavovich KLYUEV"
    assert qd.to_cyrillic(listed) == "дмитри владиславович клюев"
    assert qd.reromanize(listed, "icao") == "Dmitri Vladislavovich KLIUEV"
    assert qd.reromanize(listed, "german") == "Dmitri Wladislawowitsch KLJUEW"
    assert qd.reromanize(listed, "french") == "Dmitri Vladislavovitch KLIOUEV"
    assert qd.reromanize("Aleksandr ZHUKOV Shchukin", "icao") == "Aleksandr ZHUKOV Shchukin"


def test_russian_reromanized_uses_another_system(entities):
    for name, out in variants(entities, "russian_reromanized"):
        assert qd.looks_russian(name.full) and out.isascii()
        assert out.lower() != name.full.lower() and len(out.split()) == len(name.full.split())
        assert out in {qd.reromanize(name.full, system) for system in qd.ROMANISATIONS}


def test_arabic_variants_change_only_arabic_name_spellings(entities):
    for name, out in variants(entities, "arabic_variants"):
        before = Counter(t.casefold() for t in qd.letter_runs(name.full))
        after = Counter(t.casefold() for t in qd.letter_runs(out))
        assert before != after
        assert set((before - after) | (after - before)) <= qd.ARABIC_VOCABULARY, (name.full, out)


def test_homoglyphs_look_the_same():
    checker = icu.SpoofChecker()
    for latin, lookalikes in qd.HOMOGLYPHS.items():
        for lookalike in lookalikes:
            assert checker.getSkeleton(0, lookalike) == checker.getSkeleton(0, latin), (latin, lookalike)


def test_homoglyph_swaps_one_or_two_letters_for_lookalikes(entities):
    for name, out in variants(entities, "homoglyph"):
        changed = [(a, b) for a, b in zip(name.full, out) if a != b]
        assert len(out) == len(name.full) and 1 <= len(changed) <= 2
        for a, b in changed:
            assert b in qd.HOMOGLYPHS[a]
            assert unicodedata.name(b).split()[0] in ("CYRILLIC", "GREEK")


def test_no_variant_repeats_a_listed_name(entities):
    rng = random.Random(3)
    for category in qd.CATEGORIES:
        if category.name in ("exact", "original_script"):
            continue
        for entity in entities[::25]:
            if found := qd._variant(category, entity, rng):
                assert found[0].casefold() not in {n.full.casefold() for n in entity.names}


def test_positives_are_labelled_and_reproducible(entities):
    first = qd.positives(entities, 12, random.Random(1))
    assert first == qd.positives(entities, 12, random.Random(1))
    by_id = {e.id: e for e in entities}
    assert {q.category for q in first} == set(qd.CATEGORY_NAMES)
    for q in first:
        entity = by_id[q.expected]
        assert q.schema == (qd.PERSON if entity.schema == "Person" else qd.ORGANISATION)
        assert q.birth_date in (None, entity.birth_dates[0].start if entity.birth_dates else None)
        assert q.listed_name in {n.full for n in entity.names}


def test_negatives_are_unlisted_distinct_and_many_origins(entities):
    listed = qd.listed_keys(entities)
    made = qd.negatives(300, listed, random.Random(5), seed=5)
    assert made == qd.negatives(300, listed, random.Random(5), seed=5)
    names = [q for q in made if q.birth_date is None]
    keys = [qd.name_key(q.name) for q in names]
    assert len(names) == 300 and len(set(keys)) == 300
    assert not set(keys) & listed and all(len(k) >= 2 for k in keys)
    assert all(q.expected is None for q in made)
    assert len({q.qid.split(":")[2] for q in names}) >= 20  # locales
    assert any(not q.name.isascii() for q in names) and any(q.schema == qd.ORGANISATION for q in names)
    assert {q.qid for q in made if q.birth_date} == {q.qid + ":dob" for q in names if q.schema == qd.PERSON}
