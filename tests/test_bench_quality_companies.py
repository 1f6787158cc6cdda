"""The company categories of the quality benchmark (bench/quality_companies.py) make the change
each claims, on names as the OFAC, EU and UK lists write them."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from magnitsky.model import Name, NameKind

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import quality_companies as qc  # noqa: E402


def listed(text: str) -> Name:
    return Name(text, NameKind.PRIMARY)


@pytest.mark.parametrize(
    ("text", "core", "form", "leading"),
    [
        ("KRYMTETS, AO", "KRYMTETS", "jsc", False),  # OFAC SDN ent 25118
        ("LIMITED LIABILITY COMPANY GARANT-SV", "GARANT-SV", "llc", True),  # OFAC SDN ent 25181
        ("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU RUSMEDTORG", "RUSMEDTORG", "llc", True),
        ("ПАО Сoвкoмбaнк", "Сoвкoмбaнк", "pjsc", True),  # EU FSF 2024, Russian alias
        ("PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA", "SBERBANK OF RUSSIA", "pjsc", True),
    ],
)
def test_listed_russian_forms_are_taken_apart(text, core, form, leading):
    parsed = qc.parse_company(text)
    assert (parsed.core, parsed.form, parsed.leading) == (core, form, leading)


def test_names_without_a_russian_form_are_not_parsed():
    assert qc.parse_company("GREEN SHIPPING LTD.") is None
    assert qc.parse_company("AO") is None  # a form and nothing else is no company name


def test_each_form_change_keeps_the_core_and_the_class():
    rng = random.Random(1)
    name = listed("LIMITED LIABILITY COMPANY GARANT-SV")
    for make in (qc.form_translated, qc.form_abbreviated):
        for _ in range(20):
            out = qc.parse_company(make(name, rng))
            assert (out.core, out.form) == ("GARANT-SV", "llc")
    assert qc.form_abbreviated(name, rng) == "LLC GARANT-SV"
    assert qc.form_dropped(listed("KRYMTETS, AO"), rng) == "KRYMTETS"
    twice = qc.form_twice(listed("KRYMTETS, AO"), rng)
    assert twice in ("JSC JOINT-STOCK COMPANY KRYMTETS", "AO AKTSIONERNOE OBSHCHESTVO KRYMTETS")


def test_cyrillic_takes_a_latin_name_back_to_cyrillic():
    assert qc.cyrillic(listed("KRYMTETS, AO"), random.Random(1)) == "АО «КРЫМТЕЦ»"
    assert qc.cyrillic(listed("LIMITED LIABILITY COMPANY GARANT-SV"), random.Random(1)) == "ООО «ГАРАНТ-СВ»"


def test_punctuation_and_word_boundaries():
    outs = {qc.quotes_punctuation(listed("LIMITED LIABILITY COMPANY GARANT-SV"), random.Random(s)) for s in range(30)}
    assert "GARANTSV" in outs and any(o.endswith('"GARANT-SV"') for o in outs)
    joined = {qc.hyphen_joined(listed("GAZPROM FLOT, OOO"), random.Random(s)) for s in range(30)}
    assert joined == {"GAZPROMFLOT, OOO", "GAZPROM-FLOT, OOO"}


def test_short_typo_changes_one_letter_of_a_short_name_only():
    rng = random.Random(3)
    out = qc.short_typo(listed("KRYMTETS, AO"), rng)
    assert out.endswith(", AO") and out != "KRYMTETS, AO" and abs(len(out) - len("KRYMTETS, AO")) <= 1
    assert qc.short_typo(listed("N.A. DOLLEZHAL ORDER OF LENIN RESEARCH AND DESIGN INSTITUTE JSC"), rng) is None


def test_negatives_of_one_shared_word_keep_another_form_apart():
    assert qc._core_key("Day Co.") == qc._core_key("DAY COMPANY")  # the same company: a positive
    assert qc._core_key("Day Inc") != qc._core_key("DAY COMPANY")  # another company sharing a word


def test_a_listed_name_without_one_of_its_forms_is_no_negative():
    listed_name = "АО “Объединенная двигателестроительная корпорация”"
    words, forms = qc._core_key(listed_name)
    cores = {words: [forms]}
    assert qc._is_listed("Объединенная двигателестроительная корпорация", cores)  # its own name, form left out
    words, forms = qc._core_key("DAY COMPANY")
    day = {words: [forms]}
    assert qc._is_listed("Day Co.", day) and qc._is_listed("Day", day)
    assert not qc._is_listed("Day Inc", day)  # another form: another company


def test_a_listed_name_written_with_e_for_yo_is_no_negative():
    """Russian writes ё as е more often than not: Faker's "Объединенная авиастроительная
    корпорация" is United Aircraft Corporation, listed by the EU (2024 FSF file, logicalId 137869)
    with ё and its form."""
    words, forms = qc._core_key("ПАО Объединённая авиастроительная корпорация")
    assert qc._is_listed("Объединенная авиастроительная корпорация", {words: [forms]})
    assert qc._is_listed("ПАО «Объединенная авиастроительная корпорация»", {words: [forms]})
    assert not qc._is_listed("ООО Объединенная авиастроительная корпорация", {words: [forms]})  # another form


def test_a_listed_name_in_arabic_script_is_no_negative():
    """Persian and Arabic script leave short vowels unwritten: the consonants tell that Faker's
    "بانک کارآفرین" is the list's KARAFARIN BANK; names as short as "כהן" (Cohen) tell nothing."""
    assert qc.skeleton_key("بانک کارآفرین") == qc.skeleton_key("KARAFARIN BANK")
    assert qc.skeleton_key("بانک شهر") == qc.skeleton_key("BANK-E SHAHR")  # the ezafe leaves nothing
    assert qc.skeleton_key("ماشين سازي اراك") == qc.skeleton_key("MASHIN SAZI ARAK")
    assert qc.skeleton_key("بانک کارآفرین") != qc.skeleton_key("BANK SEPAH")
    assert qc._abjad("بانک شهر") and not qc._abjad("ООО «Попов»") and not qc._abjad("Day Inc")
    assert not qc._distinctive(qc.skeleton_key("כהן Inc"))


def test_a_listed_name_with_the_word_company_in_persian_is_no_negative():
    """Faker's Persian companies are real ones: "صنعتی دریایی ایران – صدرا" is IRAN MARINE
    INDUSTRIAL COMPANY (SADRA), whose original-script name on the UK list (ConList, 2025-04) writes
    the word "company" (شركت) before it."""
    listed = qc.skeleton_key("(شركت صنعتي دريايي ايران (صدرا")
    assert qc.skeleton_key("صنعتی دریایی ایران – صدرا") == listed
    assert qc.skeleton_key("شركة صنعتي دريايي ايران صدرا") == listed
    assert qc.skeleton_key("صنعتی دریایی ایران") != listed  # without SADRA: not the listed name


def test_a_form_of_another_country_of_the_same_class_is_the_listed_name():
    assert qc._core_key("Start d.d.") == qc._core_key("JOINT STOCK COMPANY START")  # Slovene d.d. is a JSC
    assert qc._core_key("Start AG") == qc._core_key("JOINT STOCK COMPANY START")
    assert qc._core_key("Start d.o.o.") != qc._core_key("JOINT STOCK COMPANY START")
