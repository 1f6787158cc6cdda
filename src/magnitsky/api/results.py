"""The HTTP schema of screening results: a hit's explanation, the visa decision and the payment
decision, described field by field so that an integrator's generated client gets types, not
free-form objects.

They mirror the JSON the library writes (``screening.explanation``, ``VisaDecision.to_dict``,
``PaymentDecision.to_dict``): a key that JSON leaves out when empty is left out here too
(``exclude_if``), so the wire format is the library's, with a schema. The value sets (features,
token resemblances, name kinds, verdicts, payment decisions) are the library's own enums.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from magnitsky.match.alignment import HeldBy, Resemblance
from magnitsky.match.evidence import Feature
from magnitsky.model import NameKind
from magnitsky.screening.payments import Decision
from magnitsky.screening.visa import Verdict


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == ""


def optional(description: str | None = None, **kwargs: Any) -> Any:
    """A field the library's JSON leaves out when it is empty."""
    return Field(None, description=description, exclude_if=_empty, **kwargs)


class _Shape(BaseModel):
    """Keys as the JSON spells them (some are Python builtins, e.g. ``list``, ``schema``)."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


# -- a hit's explanation ------------------------------------------------------------------------


class TokenPairExplanation(_Shape):
    query: str = Field(..., description="Query token(s); two joined ones as one string.", examples=["kliuev"])
    listed: str = Field(..., alias="list", description="Listed token(s).", examples=["klyuev"])
    similarity: float = Field(..., ge=0, le=1, examples=[0.96])
    how: Resemblance = Field(..., description="How the tokens are alike.")


class NameExplanation(_Shape):
    query: str = Field(..., description="The query name that matched best.", examples=["KLIUEV Dmitrii"])
    listed: str = Field(..., alias="list", description="The listed name it matched.", examples=["KLYUEV Dmitry"])
    kind: NameKind = Field(..., description="What the listed name is: primary name, alias, weak alias, ...")
    score: float = Field(..., ge=0, le=1, description="The alignment's score, before a weak alias is discounted.")
    tokens: list[TokenPairExplanation] = Field(..., description="Paired tokens, best pair first.")
    unmatched_query: list[str] = Field(..., description="Query tokens the listed name lacks.")
    unmatched_list: list[str] = Field(..., description="Listed tokens the query lacks (e.g. a patronymic).")
    conventions: list[str] = optional(
        "How words written in another script or convention were read: the script and its romanisation "
        "systems, a national transliteration, a Ukrainian or Belarusian form.",
        examples=[["tjalyj: Cyrillic as Swedish transliterates it (chalyj in English)"]],
    )
    rule: str | None = optional(
        "The rule that let a Korean or Chinese name match with a word over on one side: a word added inside "
        "the listed name, or a syllable of the listed given name left out.",
        examples=[HeldBy.SYLLABLE_LEFT_OUT.value],
    )


class EvidenceExplanation(_Shape):
    feature: Feature
    effect: float = Field(..., description="What it did to the score: added (agreement) or taken (contradiction).")
    detail: str = Field(..., examples=["same date: 1967-08-10 vs listed 1967-08-10"])


# The derivation is stored as JSON with its keys sorted (``ownership.entities``): fields in that order.


class ShareEvidence(_Shape):
    as_of: str | None = optional()
    origin: str = Field(..., description="Where the stake is stated: a list entry or 'file line N'.")
    text: str | None = optional("The file's evidence column, or the list's relation kind.")


class OwnerStake(_Shape):
    blocked_as: str = Field(..., description="'listed' (an asset freeze of its own) or 'ownership'.")
    caption: str
    evidence: list[ShareEvidence]
    owner: str = Field(..., description="The owner's entity id.")
    share: str = Field(..., description="Decimal share, e.g. '0.6'.")


class OwnershipStep(_Shape):
    caption: str
    evidence: list[ShareEvidence]
    owned: str
    owner: str
    share: str


class OwnershipPath(_Shape):
    steps: list[OwnershipStep]
    text: str = Field(..., description="The path for a person to read.")


class OwnershipRoot(_Shape):
    basis: str = Field(..., description="The legal basis of the root's asset freeze.")
    caption: str
    entity_id: str


class OwnershipDerivation(_Shape):
    """Why an entity not listed itself is blocked: owned 50% or more by blocked persons."""

    blocked_share: str = Field(..., examples=["60%"])
    caption: str
    entity_id: str
    listed: bool = Field(..., description="A list entry without an asset freeze of its own.")
    owners: list[OwnerStake]
    paths: list[OwnershipPath]
    programs: list[str]
    roots: list[OwnershipRoot]
    schema_: str = Field(..., alias="schema")


class MergedListing(_Shape):
    entity_id: str = Field(..., examples=["eu_fsf:127732"])
    source: str = Field(..., examples=["eu_fsf"])
    source_id: str
    caption: str
    programs: list[str]
    score: float | None = Field(..., description="This listing's own score; null when it was not among the candidates.")
    match: bool


class LinkReason(_Shape):
    left: str
    right: str
    status: str = Field(..., description="auto (strong evidence agrees) or confirmed (by a reviewer).")
    basis: list[str] = Field(..., examples=[["same name: alexander bastrykin ivanovich", "same birth date 1953-08-27"]])
    decided_by: str | None = optional("The reviewer who confirmed it.")


class MergedExplanation(_Shape):
    listings: list[MergedListing] = Field(..., description="Every listing of the person, scored ones best first.")
    links: list[LinkReason] = Field(..., description="The links that make them one person.")


class Explanation(_Shape):
    """Magnitsky: which name matched which listed name, token by token, and every piece of evidence."""

    name: NameExplanation
    evidence: list[EvidenceExplanation]
    schema_: str = Field(..., alias="schema", description="The listed entity's schema.")
    ownership: OwnershipDerivation | None = optional("Only for an entity blocked through its owners.")
    merged: MergedExplanation | None = optional(
        "Only for a person listed by several lists: the listings merged into this hit and why."
    )


# -- the visa decision --------------------------------------------------------------------------


class ApplicantData(_Shape):
    surname: str
    given_names: str
    birth_date: str | None
    nationality: str | None = Field(..., description="ISO 3166-1 alpha-2, lower case.")
    document_number: str | None
    sex: str | None = Field(..., description="male, female or null.")
    issuing_country: str | None


class TravelDocumentData(_Shape):
    """What the document's MRZ says, every check digit verified."""

    format: str = Field(..., examples=["TD3"])
    document_code: str = Field(..., examples=["P"])
    issuing_state: str
    issuing_country: str | None
    surname: str
    given_names: str
    name_truncated: bool
    document_number: str
    nationality: str
    nationality_country: str | None
    nationality_meaning: str | None
    birth_date: str | None
    sex: str | None
    expiry_date: str | None
    optional_data: str
    mrz: list[str]


class VisaMatch(_Shape):
    """One listed entry considered for the decision, and what it means for it."""

    outcome: Verdict = Field(..., description="DENY, REFER, or CLEAR: dismissed, with the reason.")
    reason: str
    entity_id: str
    caption: str
    programs: list[str]
    score: float
    name_score: float
    birth_date: str = Field(..., description="agrees, differs, or not compared.")
    document_listed: bool
    measures: list[str]
    basis: list[str]
    explanation: Explanation


class VisaThresholds(_Shape):
    match: float
    strong: float


class AuditReference(_Shape):
    seq: int = Field(..., description="The audit record's number.")
    hash: str


# -- the payment decision -----------------------------------------------------------------------
# A payment decision is stored as JSON with its keys sorted, and answered as stored: fields in
# that order (an explanation in a cause has its keys sorted too; JSON objects have no order).


class MessageHeader(_Shape):
    message_id: str
    sender: str
    type: str = Field(..., examples=["pacs.008"])
    version: str = Field(..., examples=["pacs.008.001.08"])


class PostalAddressData(_Shape):
    country: str | None
    lines: list[str]
    town: str | None


class PartyData(_Shape):
    account: str | None = optional()
    address: PostalAddressData | None = optional()
    bic: str | None = optional()
    birth_date: str | None = optional()
    field: str = Field(..., description="Where in the message it was read.", examples=["CdtTrfTxInf[1]/Cdtr"])
    ids: list[str] | None = optional()
    lei: str | None = optional()
    name: str | None = optional()
    person: bool | None = optional()
    role: str = Field(..., examples=["creditor"])


class FreeTextData(_Shape):
    field: str
    text: str


class Cause(_Shape):
    """One reason for a transaction's decision: which party or text, which entry or rule, and why."""

    basis: list[str] | None = optional()
    caption: str | None = optional()
    decision: Decision
    entity_id: str | None = optional()
    explanation: Explanation | None = optional()
    field: str
    kind: str = Field(..., description="party_match, free_text_match, jurisdiction or unscreened_text.")
    measures: list[str] | None = optional()
    party: str | None = optional()
    programs: list[str] | None = optional()
    reason: str
    role: str | None = optional()
    rule: str | None = optional()
    score: float | None = optional()


class TransactionResult(_Shape):
    amount: str = Field(..., description="Decimal, as a string.", examples=["2500.00"])
    causes: list[Cause]
    currency: str
    decision: Decision
    end_to_end_id: str | None
    free_text: list[FreeTextData]
    id: str
    parties: list[PartyData]
    uetr: str | None
    value_date: str | None


class PaymentThresholds(_Shape):
    match: float
    review: float
