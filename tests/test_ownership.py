"""The 50 percent rule on real list entries (bundled OFAC MAGNIT excerpt, FtM) and the ownership CSV.

Fixtures: tests/fixtures/ownership (see SOURCE.md there for every case and the expected result).
"""

from decimal import Decimal
from pathlib import Path

import pytest

from magnitsky.data import default_lists
from magnitsky.index import NameIndex
from magnitsky.screening import Screener
from magnitsky.screening.measures import MeasuresTable
from magnitsky.screening.ownership import (
    OwnershipCsvError,
    analyse,
    derivation_of,
    read_ownership_csv,
)
from magnitsky.screening.ownership.rule import apply_rule, merge_stakes
from magnitsky.screening.ownership.stakes import Evidence, Stake, list_stakes
from magnitsky.sources import ParseError, open_list

KLYUEV, KARPOV, KUZNETSOV = "ofac_sdn:16399", "ofac_sdn:15880", "ofac_sdn:15886"
HEADER = "owner,owned,share,evidence,as_of,owner_name,owned_name\n"


@pytest.fixture(scope="module")
def bundled():
    return [e for path in default_lists() for e in open_list(path).entities()]


@pytest.fixture(scope="module")
def ownership_dir():
    return Path(__file__).parent / "fixtures" / "ownership"


@pytest.fixture(scope="module")
def fixture_file(bundled, ownership_dir):
    return read_ownership_csv(ownership_dir / "ownership.csv", {e.id for e in bundled})


@pytest.fixture(scope="module")
def result(bundled, fixture_file):
    return analyse(bundled, fixture_file)


def blocked(analysis):
    return {d["entity_id"]: d for d in analysis.derivations}


def write(tmp_path, text, name="own.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the rule on the fixture file ------------------------------------------------------------


def test_exactly_the_expected_entities_are_blocked(result):
    assert set(blocked(result)) == {
        "FOO-HOLDING",
        "FOO-LOGISTICS",
        "DUO-INVEST",
        "CYC-ALPHA",
        "CYC-BETA",
        "EX3-A",
        "EX3-B",
    }


def test_direct_60_percent_names_the_listed_owner_and_the_line(result):
    foo = blocked(result)["FOO-HOLDING"]
    assert foo["blocked_share"] == "60%" and foo["programs"] == ["MAGNIT"]
    assert [o["owner"] for o in foo["owners"]] == [KLYUEV]  # the non-listed investor's 40% is not counted
    (path,) = foo["paths"]
    assert [step["owner"] for step in path["steps"]] == [KLYUEV]
    assert path["steps"][0]["evidence"] == [
        {"origin": "ownership.csv line 2", "text": "Shareholder register extract no. 118", "as_of": "2024-01-15"}
    ]
    assert path["text"].startswith(
        "Dmitry Vladislavovich KLYUEV [ofac_sdn:16399, listed, asset freeze] --60%--> Foo Holding LLC"
    )
    assert "MAGNIT: asset_freeze" in foo["roots"][0]["basis"]


def test_49_percent_is_not_enough(result):
    assert "BAR-TRADE" not in blocked(result)


def test_two_listed_owners_with_25_percent_each_block_in_aggregate(result):
    duo = blocked(result)["DUO-INVEST"]
    assert duo["blocked_share"] == "50%"
    assert {o["owner"] for o in duo["owners"]} == {KARPOV, KUZNETSOV}
    assert {p["steps"][0]["owner"] for p in duo["paths"]} == {KARPOV, KUZNETSOV}


def test_chain_through_a_blocked_company(result):
    logistics = blocked(result)["FOO-LOGISTICS"]
    (path,) = logistics["paths"]
    assert [(s["owner"], s["share"], s["owned"]) for s in path["steps"]] == [
        (KLYUEV, "60", "FOO-HOLDING"),
        ("FOO-HOLDING", "50", "FOO-LOGISTICS"),
    ]
    assert logistics["owners"][0]["blocked_as"] == "ownership"
    assert "ownership.csv line 4" in path["text"]


def test_ownership_through_a_non_blocked_intermediary_does_not_count(result):
    """KLYUEV owns 40% of Mid Capital (not blocked), which owns 80% of End Assets; KLYUEV owns 20% of
    End Assets directly. Multiplying down the chain would give 52%; OFAC counts only stakes of
    blocked entities (FAQ 401), so End Assets has 20% blocked ownership and is not blocked."""
    assert "MID-CAPITAL" not in blocked(result) and "END-ASSETS" not in blocked(result)


def test_cycles_terminate_and_block_only_what_blocked_owners_own(result):
    found = blocked(result)
    assert found["CYC-ALPHA"]["blocked_share"] == "80%"  # 50% STEPANOVA + 30% from Beta, blocked through Alpha
    assert found["CYC-BETA"]["paths"][0]["steps"][0]["owner"] == "ofac_sdn:15895"
    assert "LOOP-ONE" not in found and "LOOP-TWO" not in found  # a cycle with no blocked owner


def test_faq_401_example_3(result):
    b = blocked(result)["EX3-B"]
    assert b["blocked_share"] == "50%"
    assert sorted(len(p["steps"]) for p in b["paths"]) == [1, 2]


def test_linked_to_is_not_ownership(bundled):
    assert any(r.kind == "linked_to" for e in bundled for r in e.relations)
    assert not list(list_stakes(bundled))
    assert analyse(bundled).derivations == ()


def test_shares_are_exact_decimals(tmp_path, bundled):
    path = write(tmp_path, HEADER + f"{KLYUEV},X,33.33,,,,X Ltd\n{KARPOV},X,16.67,,,,\n")
    assert blocked(analyse(bundled, read_ownership_csv(path)))["X"]["blocked_share"] == "50%"


def test_only_owners_under_an_asset_freeze_count(tmp_path, fixtures):
    """In the FtM fixture Petr IVANOV is listed with an asset freeze, his relative Elena IVANOVA
    is not listed at all (target: false), and the vessel is listed with a measure that is no
    freeze. Her 60 % blocks nothing; his 60 % of the vessel blocks it by ownership."""
    entities = list(open_list(fixtures / "ftm_json" / "entities.ftm.json").entities())
    path = write(
        tmp_path,
        HEADER + "ftm:NK-Fx1vanovaElenaRel003,X,60,,,,X Ltd\n"
        "ftm:NK-Fx1vanovPetrSergeev01,ftm:NK-FxStarVesselTanker05,60,,,,\n",
    )
    found = blocked(analyse(entities, read_ownership_csv(path, {e.id for e in entities})))
    assert set(found) == {"ftm:NK-FxStarVesselTanker05"}
    vessel = found["ftm:NK-FxStarVesselTanker05"]
    assert vessel["listed"] and vessel["schema"] == "Vessel"


# -- screenable entities ---------------------------------------------------------------------


def test_derived_blocks_are_screenable_with_their_path(bundled, result):
    derived = result.entities()
    foo = next(e for e in derived if e.source_id == "FOO-HOLDING")
    assert foo.id == "ownership:FOO-HOLDING" and foo.schema == "Company"
    assert foo.measures == ("asset_freeze",) and foo.programs == ("MAGNIT",)
    assert foo.countries == ("ru",) and {i.value for i in foo.identifiers} == {"1027700000018", "7701000018"}
    assert MeasuresTable.load().for_entity(foo).freeze
    screener = Screener.from_entities([*bundled, *derived])
    hit = screener.screen({"schema": "Company", "properties": {"name": ["Foo Holding LLC"]}}).hits[0]
    assert hit.entity_id == "ownership:FOO-HOLDING"
    assert hit.explanation["ownership"]["paths"][0]["steps"][0]["owner"] == KLYUEV
    alias = screener.screen({"schema": "Company", "properties": {"name": ["OOO Foo Holding"]}}).hits[0]
    assert alias.entity_id == "ownership:FOO-HOLDING"
    assert derivation_of(bundled[0]) is None


# -- FollowTheMoney Ownership ----------------------------------------------------------------


def test_ftm_ownership_51_percent_is_read_from_both_ends(fixtures):
    entities = list(open_list(fixtures / "ftm_json" / "entities.ftm.json").entities())
    stakes, _ = merge_stakes(s for s in list_stakes(entities) if isinstance(s, Stake))
    (share,) = [s for s in stakes if s.owned == "ftm:NK-FxTradingOOOCompany4"]
    assert (share.owner, share.share) == ("ftm:NK-Fx1vanovPetrSergeev01", Decimal("51"))
    assert {e.origin for e in share.evidence} == {"ftm:NK-Fx1vanovPetrSergeev01", "ftm:NK-FxTradingOOOCompany4"}
    analysis = analyse(entities)
    # The company is listed with its own asset freeze: nothing to derive. Its vessel has no share.
    assert analysis.derivations == ()
    (issue,) = analysis.issues
    assert issue.kind == "unknown_share" and "ftm:NK-FxStarVesselTanker05" in issue.message


def test_ftm_non_target_company_owned_75_percent_is_blocked_and_screened(ownership_dir):
    entities = list(open_list(ownership_dir / "ownership.ftm.json").entities())
    analysis = analyse(entities)
    (derivation,) = analysis.derivations
    assert derivation["entity_id"] == "ftm:NK-OwnCompanyNotListed02" and derivation["listed"]
    assert derivation["blocked_share"] == "75%"
    assert derivation["programs"] == ["The Russia (Sanctions) (EU Exit) Regulations 2019"]
    assert [i.kind for i in analysis.issues] == ["unknown_share"]  # the second company: no percentage
    # Non-target entities are not screened by themselves; the derived block is.
    assert not any(e.id == "ftm:NK-OwnCompanyNotListed02" for e in NameIndex(entities).entities)
    screener = Screener.from_entities([*entities, *analysis.entities()])
    hit = screener.screen({"schema": "Company", "properties": {"name": ["ООО Тестовнер Шиппинг Холдинг"]}}).hits[0]
    assert hit.entity_id == "ownership:ftm:NK-OwnCompanyNotListed02"


def test_the_file_overrides_a_list_share_and_contradictions_are_reported(tmp_path, ownership_dir):
    entities = list(open_list(ownership_dir / "ownership.ftm.json").entities())
    owner, company = "ftm:NK-OwnPersonListed0001", "ftm:NK-OwnCompanyNotListed02"
    lower = write(tmp_path, HEADER + f"{owner},{company},30,Register 2025,2025-01-01,,\n")
    analysis = analyse(entities, read_ownership_csv(lower))
    assert analysis.derivations == ()
    (conflict,) = [i for i in analysis.issues if i.kind == "conflict"]
    assert "own.csv line 2" in conflict.where and "30% used" in conflict.message
    over = write(tmp_path, HEADER + f"NEW-OWNER,{company},40,,,New Owner Ltd,\n", "over.csv")
    (issue,) = [i for i in analyse(entities, read_ownership_csv(over)).issues if i.kind == "over_100"]
    assert "115%" in issue.message and "over.csv line 2" in issue.where


def test_uk_parent_company_named_but_not_listed_is_reported_unresolved(fixtures):
    entities = list(open_list(fixtures / "uk_xml" / "uk_sanctions_list_excerpt.xml").entities())
    issues = [i for i in analyse(entities).issues if i.kind == "unresolved"]
    assert any("Federal Agency for State Property Management" in i.message for i in issues)


# -- the rule itself -------------------------------------------------------------------------


def stake(owner, owned, share):
    return Stake(owner, owned, None if share is None else Decimal(share), (Evidence(f"{owner}->{owned}"),))


def test_deep_chains_and_long_cycles():
    chain = [stake("root", "n0", 50)] + [stake(f"n{i}", f"n{i + 1}", 50) for i in range(2000)]
    result = apply_rule(chain, {"root"})
    assert len(result.blocks) == 2001
    assert len(result.blocks["n2000"].paths[0]) == 2001
    ring = [stake(f"r{i}", f"r{(i + 1) % 500}", 100) for i in range(500)]
    assert apply_rule(ring, set()).blocks == {}
    assert len(apply_rule([*ring, stake("root", "r0", 50)], {"root"}).blocks) == 500


def test_unknown_share_blocks_nothing_and_is_reported():
    result = apply_rule([stake("x", "a", None), stake("y", "a", 10)], {"x"})
    assert result.blocks == {}
    assert [i.kind for i in result.issues] == ["unknown_share"]


def test_paths_are_capped_for_dense_graphs():
    layers = [[f"l{d}_{i}" for i in range(4)] for d in range(12)]
    stakes = [stake("root", n, 100) for n in layers[0]]
    stakes += [stake(a, b, 25) for upper, lower in zip(layers, layers[1:]) for a in upper for b in lower]
    block = apply_rule(stakes, {"root"}).blocks["l11_0"]  # 4^11 paths exist
    assert len(block.paths) == 10 and block.blocked_share == 100


# -- bad files -------------------------------------------------------------------------------


def test_bad_rows_are_all_reported_with_their_lines(bundled, ownership_dir):
    with pytest.raises(OwnershipCsvError) as caught:
        read_ownership_csv(ownership_dir / "bad.csv", {e.id for e in bundled})
    problems = caught.value.problems
    assert [line for line, _ in problems] == [2, 3, 4, 5, 6, 8, 9, 9]
    text = dict(problems[:6])
    assert "'150' is not a percentage" in text[2]
    assert "column owner: missing" in text[3]
    assert "'NO-NAME'" in text[4] and "no name" in text[4]
    assert "'ofac_sdn:99999999' is not an entry of any loaded list" in text[5]
    assert "'-5'" in text[6]
    assert "105%" in text[8] and "lines 7, 8" in text[8]
    assert "bad.csv, line 9: column as_of" in str(caught.value) and "nothing was loaded" in str(caught.value)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("owner,owned\n", "missing required column(s) share"),
        ("owner,owned,share,percent\n", "unknown column(s) 'percent'"),
        ("owner,owned,share,share\n", "appear more than once"),
        (
            HEADER + f"{KLYUEV},A,50,,,,A Ltd\n{KLYUEV},A,10,,,,\n",
            "line 3: 'ofac_sdn:16399' owning 'A' is already stated on line 2",
        ),
        (HEADER + "A,A,50,,,A Ltd,A Ltd\n", "line 2: column owned: 'A' cannot own itself"),
        (
            HEADER + f"{KLYUEV},A,50,,,,A Ltd\n{KARPOV},A,10,,,,A Limited\n",
            "line 3: 'A' is named differently on line 2",
        ),
        (HEADER + f"{KLYUEV},{KARPOV},50,,,,Karpov Holding\n", "line 2: 'ofac_sdn:15880' is a list entry"),
        (HEADER + f"{KLYUEV},A,0,,,,A Ltd\n", "line 2: column share: share '0' is not a percentage"),
        (HEADER + f"{KLYUEV},A,,,,,A Ltd\n", "line 2: column share: missing"),
        (HEADER + f"{KLYUEV},A,50,,,,A Ltd,extra\n", "line 2: 8 cells but the header has 7 columns"),
        (f"owner,owned,share,owned_name,owned_schema\n{KLYUEV},A,50,Anna,Person\n", "'Person' cannot be owned"),
        (HEADER + f"{KLYUEV},a b:c,50,,,,A Ltd\n", "neither SOURCE:SOURCE_ID"),
    ],
)
def test_file_errors_name_the_line(tmp_path, text, expected):
    with pytest.raises(OwnershipCsvError) as caught:
        read_ownership_csv(write(tmp_path, text))
    assert expected in str(caught.value)


def test_not_utf8_and_empty_files(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + f"{KLYUEV},A,50,Gesch\u00e4ftsbericht,,,A\n".encode("latin-1"))
    with pytest.raises(ParseError, match="line 2: not UTF-8"):
        read_ownership_csv(path)
    with pytest.raises(ParseError, match="file is empty"):
        read_ownership_csv(write(tmp_path, ""))
    assert read_ownership_csv(write(tmp_path, HEADER)).stakes == ()


def test_a_file_saved_without_a_final_line_break_reads_whole_and_a_cut_one_is_refused(tmp_path, ownership_dir):
    data = (ownership_dir / "ownership.csv").read_bytes()
    whole = read_ownership_csv(ownership_dir / "ownership.csv")
    unended = tmp_path / "ownership.csv"
    unended.write_bytes(data.removesuffix(b"\n").replace(b"\n", b"\r\n"))
    assert read_ownership_csv(unended).stakes == whole.stakes
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[: data.rindex(b",40,")])  # "EX3-A,EX3-B": the share and what follows gone
    with pytest.raises(ParseError) as info:
        read_ownership_csv(cut)
    assert info.value.line == data.count(b"\n") and "cut off" in str(info.value)
