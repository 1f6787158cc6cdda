"""The OpenAPI schema describes a hit's explanation, the visa decision and the payment decision
field by field (no free-form object), and describes them exactly: the library's JSON of real
hits and decisions (bundled OFAC/UN excerpts, OFAC consolidated, the ownership fixture, the MRZ
and payment message fixtures) goes through the schema's models unchanged (key order too, but for a stored
payment decision's, whose keys are sorted)."""

import json

import pytest

from magnitsky.api.app import create_app
from magnitsky.api.models import PaymentDecisionResponse, ScoredEntityResponse, VisaDecisionResponse
from magnitsky.api.results import Explanation
from magnitsky.screening.payments import PaymentScreening
from magnitsky.screening.visa import VisaScreener
from magnitsky.settings import ServiceSettings, Settings, StoreSettings
from magnitsky.store import ListStore
from payments_support import message, screener

DESCRIBED = ("Explanation", "VisaDecisionResponse", "PaymentDecisionResponse", "ScoredEntityResponse")


def free_form(schema: dict, components: dict, where: str, seen: set[str]) -> list[str]:
    """Where, under ``schema``, a value may be any JSON or an object of any keys and values."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        seen.add(name)
        return free_form(components[name], components, name, seen)
    keywords = {"type", "anyOf", "oneOf", "allOf", "enum", "const", "properties", "items"}
    if not keywords & set(schema):
        return [where]  # ``{}``: anything
    found = []
    if schema.get("type") == "object":
        extra = schema.get("additionalProperties")
        if extra is True or ("properties" not in schema and not isinstance(extra, dict)):
            found.append(where)
        if isinstance(extra, dict):
            found += free_form(extra, components, f"{where}.*", seen)
    for key, value in schema.get("properties", {}).items():
        found += free_form(value, components, f"{where}.{key}", seen)
    if "items" in schema:
        found += free_form(schema["items"], components, f"{where}[]", seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += free_form(option, components, where, seen)
    return found


def test_openapi_has_no_free_form_object_in_explanation_visa_or_payment_decision(tmp_path):
    app = create_app(
        Settings(
            StoreSettings(tmp_path, f"sqlite:///{tmp_path / 'm.db'}"), service=ServiceSettings(reload_poll_seconds=0)
        )
    )
    components = app.openapi()["components"]["schemas"]
    assert set(DESCRIBED) <= set(components)
    for name in DESCRIBED:
        assert free_form({"$ref": f"#/components/schemas/{name}"}, components, name, set()) == []
    # the check finds what it looks for: an audit record's details are free-form by nature
    audit_record = {"$ref": "#/components/schemas/AuditRecordModel"}
    assert free_form(audit_record, components, "", set()) == ["AuditRecordModel.details"]
    explanation = components["Explanation"]["properties"]
    assert set(explanation) == {"name", "evidence", "schema", "ownership", "merged"}
    feature = components["EvidenceExplanation"]["properties"]["feature"]
    assert components[feature["$ref"].rsplit("/", 1)[1]]["enum"] == [
        "birth_date",
        "country",
        "gender",
        "identifier",
        "company_name",
    ]


def same_json(model, data: dict, ordered: bool = True) -> None:
    """``data`` read by ``model`` and written back is ``data``, byte for byte (with ``ordered``:
    its keys in the same order too)."""
    written = model.model_validate(data).model_dump(mode="json")
    assert json.dumps(written, sort_keys=not ordered) == json.dumps(data, sort_keys=not ordered)


QUERIES = [
    {"schema": "Person", "properties": {"name": ["Dmitry Klyuev"], "birthDate": ["1967-08-10"], "country": ["ru"]}},
    {"schema": "Person", "properties": {"name": ["Klyuev Dmitri"], "birthDate": ["1980"], "gender": ["female"]}},
    {"schema": "Company", "properties": {"name": ["Foo Holding LLC"]}},  # blocked by ownership: derivation
    {"schema": "Thing", "properties": {"name": ["Abdul Rahman"], "idNumber": ["A1234567"]}},
]


@pytest.mark.parametrize("query", QUERIES)
def test_explanations_of_real_hits_are_what_the_schema_describes(query):
    hits = screener().screen(query, limit=5).matches
    assert hits
    for hit in hits:
        same_json(Explanation, hit.explanation)
    if query["properties"]["name"] == ["Foo Holding LLC"]:
        assert hits[0].ownership and "ownership" in Explanation.model_validate(hits[0].explanation).model_dump()
    else:
        assert "ownership" not in Explanation.model_validate(hits[0].explanation).model_dump(mode="json")


def test_scored_entity_features_come_from_the_typed_hit():
    hit = screener().screen(QUERIES[0]).matches[0]
    assert hit.features == {
        "name": hit.explanation["name"]["score"],
        **{e["feature"]: e["effect"] for e in hit.explanation["evidence"]},
    }
    assert hit.entity_id == "ofac_sdn:16399" and set(hit.features) == {"name", "birth_date"}
    assert ScoredEntityResponse.model_fields["explanation"].annotation is Explanation


@pytest.mark.parametrize("name", ["klyuev_td3.txt", "kliuev_other_td3.txt", "gertler_td3.txt", "al_tikriti_td3.txt"])
def test_visa_decisions_are_what_the_schema_describes(fixtures, name):
    decision = VisaScreener(screener()).screen_mrz((fixtures / "mrz" / name).read_text())
    assert decision.matches
    same_json(VisaDecisionResponse, {**decision.to_dict(), "alerts": []})


MESSAGES = [
    "pacs008_magnit_creditor.xml",
    "pain001_remittance_mention.xml",
    "pacs008_ownership.xml",
    "mt103_glomag_59f.txt",
]


@pytest.mark.parametrize("name", MESSAGES)
def test_payment_decisions_are_what_the_schema_describes(tmp_path, name):
    store = ListStore(f"sqlite:///{tmp_path / 'm.db'}")
    outcome = PaymentScreening(screener(), store.engine).screen(message(name), "test")
    assert outcome.to_dict()["transactions"][0]["causes"]
    # stored with sorted keys; answered in the order of the schema's fields, but for an explanation's
    same_json(PaymentDecisionResponse, {**outcome.to_dict(), "alerts": []}, ordered=False)
