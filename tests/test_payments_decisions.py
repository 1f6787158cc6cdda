"""Payment decisions end to end on real list data: which parties and entries cause PASS/HOLD/REJECT/BLOCK.

Lists: bundled OFAC SDN excerpt (MAGNIT, GLOMAG) and UN, full OFAC consolidated (non-SDN), and
the ownership rule over tests/fixtures/ownership/ownership.csv (see payments_support.py).
"""

import json
import time

import pytest

from magnitsky.screening.payments import (
    Decision,
    JurisdictionRules,
    JurisdictionRulesError,
    PaymentDecider,
    parse_message,
)
from magnitsky.screening.payments.freetext import MAX_CHARS, MAX_WINDOWS
from payments_support import message, screener
from test_payments_parse import many_transactions


@pytest.fixture(scope="module")
def decider():
    return PaymentDecider(screener())


def decide(decider, name_or_bytes):
    data = message(name_or_bytes) if isinstance(name_or_bytes, str) else name_or_bytes
    return decider.decide(parse_message(data))


def causes(decision):
    return [c for t in decision.transactions for c in t.causes]


def test_magnit_listed_creditor_is_blocked(decider):
    result = decide(decider, "pacs008_magnit_creditor.xml")
    assert result.decision is Decision.BLOCK
    (cause,) = causes(result)
    assert (cause.kind, cause.role, cause.field, cause.entity_id) == (
        "party_match",
        "creditor",
        "CdtTrfTxInf[1]/Cdtr",
        "ofac_sdn:16399",
    )
    assert cause.programs == ("MAGNIT",) and "asset_freeze" in cause.measures
    assert any("Magnitsky" in b for b in cause.basis)
    assert cause.explanation["evidence"][0]["detail"].startswith("same date")  # BirthDt 1967-08-10 agrees
    data = result.to_dict()
    assert data["thresholds"] == {"match": 0.85, "review": 0.75}
    assert data["measures_table"] and data["jurisdiction_rules"]
    json.dumps(data)  # stored as JSON as is


def test_glomag_beneficiary_in_59f_is_blocked(decider):
    result = decide(decider, "mt103_glomag_59f.txt")
    assert result.decision is Decision.BLOCK
    top = causes(result)[0]
    assert (top.field, top.entity_id, top.score, top.programs) == (":59F:", "ofac_sdn:23252", 1.0, ("GLOMAG",))


def test_listed_name_only_in_remittance_information_is_held_not_blocked(decider):
    result = decide(decider, "pain001_remittance_mention.xml")
    assert result.decision is Decision.HOLD
    first, second = result.transactions
    assert second.decision is Decision.PASS and not second.causes
    (cause,) = first.causes
    assert (cause.kind, cause.field, cause.entity_id) == (
        "free_text_match",
        "PmtInf[1]/CdtTrfTxInf[1]/RmtInf/Ustrd",
        "ofac_sdn:16399",
    )
    assert "mentioned" in cause.reason and "Dmitry Klyuev" in cause.reason


def test_common_words_of_long_listed_names_are_not_hits(decider):
    """'for the' and 'of' occur in long listed names (Al-Nusrah Front for the People of the Levant)."""
    text = message("pacs008_clean.xml").replace(
        b"Facture 2026-0912 fromages affines livraison novembre",
        b"Payment for the people of the region front office consulting services of the ministry",
    )
    assert decide(decider, text).decision is Decision.PASS


def test_clean_payment_passes(decider):
    result = decide(decider, "pacs008_clean.xml")
    assert result.decision is Decision.PASS and causes(result) == []


def test_crimea_address_triggers_the_region_rule(decider):
    result = decide(decider, "mt103_crimea.txt")
    assert result.decision is Decision.REJECT
    (cause,) = causes(result)
    assert (cause.kind, cause.rule, cause.field) == ("jurisdiction", "crimea", ":59:")
    assert "SEVASTOPOL" in cause.reason and "E.O. 13685" in cause.basis[0]


def test_embargoed_country_by_bic_and_a_replaced_rules_file(decider, tmp_path):
    iranian_agent = message("pacs008_clean.xml").replace(
        b"<BIC>INGBNL2A</BIC></FinInstnId></CdtrAgt>", b"<BIC>BMJIIRTH</BIC></FinInstnId></CdtrAgt>"
    )
    result = decide(decider, iranian_agent)
    assert result.decision is Decision.REJECT
    assert [(c.rule, c.role, c.reason.split(" - ")[1]) for c in causes(result)] == [
        ("ir", "creditor_agent", "BIC BMJIIRTH")
    ]
    own = tmp_path / "rules.json"
    own.write_text(
        json.dumps(
            {
                "version": "bank-7",
                "rules": [
                    {
                        "id": "nl",
                        "name": "test rule on the Netherlands",
                        "countries": ["nl"],
                        "decision": "HOLD",
                        "basis": "internal policy 12",
                    }
                ],
            }
        )
    )
    custom = PaymentDecider(screener(), rules=JurisdictionRules.load(own))
    result = custom.decide(parse_message(message("pacs008_clean.xml")))
    assert result.decision is Decision.HOLD and result.basis["jurisdiction_rules"] == "bank-7"
    assert {c.reason.split(" - ")[1] for c in causes(result)} == {"BIC INGBNL2A", "address country NL"}


def test_bad_rules_file_names_the_problem(tmp_path):
    bad = tmp_path / "rules.json"
    bad.write_text(json.dumps({"version": "1", "rules": [{"id": "x", "name": "x", "decision": "DENY", "basis": ""}]}))
    with pytest.raises(
        JurisdictionRulesError, match=r"rules.json: .*rule 'x': decision 'DENY' is not one of BLOCK, REJECT, HOLD"
    ):
        JurisdictionRules.load(bad)


def test_sectoral_non_sdn_company_is_rejected_not_blocked(decider):
    result = decide(decider, "pacs008_sectoral.xml")
    assert result.decision is Decision.REJECT
    (cause,) = causes(result)
    assert cause.entity_id == "ofac_cons:18292" and "asset_freeze" not in cause.measures
    assert "not a freeze" in cause.reason


def test_listed_bank_found_by_bic_alone(decider):
    """VTB's 11-character BIC in a message finds the 8-character SWIFT/BIC on the consolidated list."""
    via_vtb = message("pacs008_clean.xml").replace(
        b"<BIC>INGBNL2A</BIC></FinInstnId></CdtrAgt>", b"<BIC>VTBRRUMMXXX</BIC></FinInstnId></CdtrAgt>"
    )
    result = decide(decider, via_vtb)
    assert result.decision is Decision.REJECT
    (cause,) = causes(result)
    assert (cause.role, cause.entity_id, cause.score) == ("creditor_agent", "ofac_cons:17013", 1.0)


def test_company_blocked_only_by_the_ownership_rule(decider):
    result = decide(decider, "pacs008_ownership.xml")
    assert result.decision is Decision.BLOCK
    (cause,) = causes(result)
    assert cause.entity_id == "ownership:FOO-LOGISTICS" and cause.programs == ("MAGNIT",)
    assert "blocked by the ownership rule" in cause.reason
    assert "ofac_sdn:16399" in cause.reason and "Foo Holding LLC" in cause.reason
    assert any("50 Percent Rule" in b for b in cause.basis)


def test_possible_match_is_held_for_review(decider):
    near = message("pacs008_clean.xml").replace(b"Van der Berg Zuivel B.V.", b"Dmitri Kluev")
    result = decide(decider, near)
    top = causes(result)[0]
    assert top.entity_id == "ofac_sdn:16399"
    expected = Decision.BLOCK if top.score >= 0.85 else Decision.HOLD
    assert result.decision is expected and top.decision is expected


def test_huge_free_text_is_cut_and_held_with_the_reason(decider):
    words = " ".join(f"Mustermann Schmidt Weber Lieferung {n}" for n in range(20_000))
    huge = message("pacs008_clean.xml").replace(
        b"<Ustrd>Facture 2026-0912 fromages affines livraison novembre</Ustrd>",
        "".join(f"<Ustrd>{words[i : i + 140]}</Ustrd>" for i in range(0, len(words), 140)).encode(),
    )
    start = time.perf_counter()
    result = decide(decider, huge)
    elapsed = time.perf_counter() - start
    assert result.decision is Decision.HOLD
    (cause,) = [c for c in causes(result) if c.kind == "unscreened_text"]
    assert f"only the first {MAX_CHARS:,} of" in cause.reason
    assert elapsed < 60  # bounded: a cap on characters and windows, not a timing contract


def test_many_name_like_words_are_bounded_by_the_window_cap(decider):
    names = " ".join(["Dmitry Karpov Ivanov Petrov Sergei Alexander"] * 200)[:MAX_CHARS]
    text = message("pacs008_clean.xml").replace(
        b"<Ustrd>Facture 2026-0912 fromages affines livraison novembre</Ustrd>",
        "".join(f"<Ustrd>{names[i : i + 140]}</Ustrd>" for i in range(0, len(names), 140)).encode(),
    )
    result = decide(decider, text)
    unscreened = [c for c in causes(result) if c.kind == "unscreened_text"]
    assert unscreened and f"beyond the first {MAX_WINDOWS}" in unscreened[0].reason
    assert result.decision in (Decision.HOLD, Decision.BLOCK)


def test_hundreds_of_parties_are_all_screened(decider):
    bulk = many_transactions(150)
    listed = bulk.replace(b"Handelshuis 0137 B.V.", b"Dmitry Vladislavovich Klyuev")
    result = decide(decider, listed)
    assert result.decision is Decision.BLOCK
    blocked = [t for t in result.transactions if t.decision is Decision.BLOCK]
    assert [t.transaction.id for t in blocked] == ["TX-137"]
    assert sum(t.decision is Decision.PASS for t in result.transactions) == 149
