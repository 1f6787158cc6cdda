"""Entries a list repeats under one id (the EU's subjects listed once per programme) are stored as one
entry with everything both say; repeats that are not one subject keep the suffixed '#2' entry and
the warning. On SQLite always and on PostgreSQL when MAGNITSKY_TEST_POSTGRES_URL is set."""

import lzma

import pytest

from conftest import SHARED_DATA
from magnitsky.model import NameKind
from magnitsky.sources import open_list

EU_FULL = "eu/20240513-FULL-1_1(xsd).xml.xz"


@pytest.fixture(scope="module")
def eu_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("eu") / "20240513-FULL-1_1(xsd).xml"
    with lzma.open(SHARED_DATA / EU_FULL) as packed:
        path.write_bytes(packed.read())
    return path


@pytest.mark.slow
def test_a_subject_listed_once_per_programme_is_one_entry(store, eu_file):
    result = store.load(open_list(eu_file))
    # the file's 4,811 sanctionEntity elements are 4,808 subjects: 547, 593 and 120128 come twice
    assert result.version.entity_count == 4808
    assert result.warnings == (
        "3 subjects listed once per programme under one id were each merged into one entry: "
        "eu_fsf:120128, eu_fsf:547, eu_fsf:593",
    )
    assert not any("#" in e.source_id for e in store.entities())
    asem = store.entity("eu_fsf:547")
    assert asem.caption == "Sayed Esmatullah Asem"
    assert asem.programs == ("AFG", "TAQA")
    assert asem.legal_basis == ("2017/404 (OJ L63)", "969/2007 (OJ L215)")
    # every name of both listings, each once; the TAQA listing's primary is now an alias
    assert [(n.full, n.kind) for n in asem.names] == [
        ("Sayed Esmatullah Asem", NameKind.PRIMARY),
        ("Esmatullah Asem", NameKind.ALIAS),
        ("Asmatullah Asem", NameKind.ALIAS),
        ("Sayed Esmatullah Asem Abdul Quddus", NameKind.ALIAS),
        ("Asem, Sayed Esmatullah", NameKind.ALIAS),
    ]
    assert asem.birth_places == (
        "Qalayi Shaikh, Chaparhar District, Nangarhar province, AFGHANISTAN",
        "Ningarhar province, AFGHANISTAN",
    )
    assert [str(d) for d in asem.birth_dates] == ["~1967"]  # both listings say "circa 1967"
    assert asem.nationalities == ("af",)
    assert asem.listed_on == "2001-02-23"
    assert "Secretary General of the Afghan Red Crescent Society (ARCS) under the Taliban regime" in asem.positions
    assert len(asem.positions) == 3 and asem.titles == ("Maulavi",)
    assert any("INTERPOL-UN Security Council Special Notice" in r for r in asem.remarks)
    assert dict(asem.extra)["eu_reference_number"] == "EU.334.4"
    assert {p.program for p in store.programs() if p.source == "eu_fsf"} >= {"AFG", "TAQA"}
    assert {e.source_id for e in store.entities(program="TAQA")} >= {"547", "593", "120128"}
    assert "547" in {e.source_id for e in store.entities(program="AFG")}
    reloaded = store.load(open_list(eu_file))
    assert reloaded.unchanged


def _with_second_entry_changed(sample: str, old: str, new: str) -> str:
    """``sample`` with ``old`` replaced by ``new`` in its second entry under logicalId 5468 only."""
    second = sample.index('logicalId="5468"', sample.index('logicalId="5468"') + 1)
    end = sample.index("</sanctionEntity>", second)
    assert old in sample[second:end]
    return sample[:second] + sample[second:end].replace(old, new) + sample[end:]


def test_repeats_that_are_not_one_subject_keep_both_entries(store, shared_data, tmp_path):
    # sample_eu.xml repeats logicalId 5468 under the same programme (PRK): a second entry, not a
    # second listing of the subject
    sample_path = shared_data / "samples" / "sample_eu.xml"
    result = store.load(open_list(sample_path))
    assert result.warnings == ("two entries share the list id '5468'; the later one is stored as '5468#2'",)
    assert store.entity("eu_fsf:5468#2").caption == "TestOneWord"
    assert store.entity("eu_fsf:5468").caption == "Sok-hwa Hwang"
    # under another programme but as an enterprise: another subject altogether, kept apart
    sample = sample_path.read_text(encoding="utf-8")
    other = _with_second_entry_changed(sample, 'programme="PRK"', 'programme="TAQA"')
    enterprise = _with_second_entry_changed(other, 'code="person" classificationCode="P"', 'code="enterprise"')
    (tmp_path / "enterprise.xml").write_text(enterprise, encoding="utf-8")
    result = store.load(open_list(tmp_path / "enterprise.xml"))
    assert result.warnings == ("two entries share the list id '5468'; the later one is stored as '5468#2'",)
    assert store.entity("eu_fsf:5468#2").schema == "Organization"
    # a person under another programme: the same subject listed twice, merged
    (tmp_path / "programme.xml").write_text(other, encoding="utf-8")
    result = store.load(open_list(tmp_path / "programme.xml"))
    assert result.warnings == (
        "1 subject listed once per programme under one id was merged into one entry: eu_fsf:5468",
    )
    merged = store.entity("eu_fsf:5468")
    assert merged.names_of(NameKind.PRIMARY, NameKind.ALIAS) == ["Sok-hwa Hwang", "TestOneWord"]
    assert merged.programs == ("PRK", "TAQA")
    assert {e.source_id for e in store.entities()} == {"5295", "5463", "5468", "191", "5807", "927"}
