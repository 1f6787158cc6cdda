"""Request and response shapes. The match, search, entity and catalog shapes are yente's (the
OpenSanctions API), so a yente client works unchanged; fields we add are marked "Magnitsky:".
Deliberate differences are listed in docs/http-api.md.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from magnitsky.api.results import (
    ApplicantData,
    AuditReference,
    Explanation,
    MessageHeader,
    PaymentThresholds,
    TransactionResult,
    TravelDocumentData,
    VisaMatch,
    VisaThresholds,
)
from magnitsky.cases import AlertDecision, AlertState, FindingOutcome
from magnitsky.cases.alerts import MAX_RATIONALE
from magnitsky.screening.payments import Decision
from magnitsky.screening.visa import Verdict

NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL: refuse it as bad input (422), not a 500
MAX_BATCH = 100  # queries in one /match request, as yente
MAX_LIMIT = 100  # results per query


class ErrorResponse(BaseModel):
    detail: str = Field(..., examples=["unknown dataset 'foo'; available: default, ofac_sdn, un_sc"])


class StatusResponse(BaseModel):
    status: str = "ok"


class Algorithm(str, Enum):
    """Accepted for yente compatibility; every name runs Magnitsky's matcher (see the response's ``matcher``)."""

    magnitsky = "magnitsky"
    default = "default"
    best = "best"
    logic_v1 = "logic-v1"
    logic_v2 = "logic-v2"
    name_based = "name-based"
    name_qualified = "name-qualified"
    regression_v1 = "regression-v1"
    regression_v2 = "regression-v2"
    regression_v3 = "regression-v3"


# -- entities --------------------------------------------------------------------------------


class EntityExample(BaseModel):
    """An entity to look for, FollowTheMoney style."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, max_length=200, examples=["my-customer-42"])
    schema_: str = Field(..., alias="schema", max_length=40, examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(
        ..., max_length=60, examples=[{"name": ["Dmitry Klyuev"], "birthDate": ["1967-08-10"], "nationality": ["ru"]}]
    )


class EntityResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(..., examples=["ofac_sdn:16399"])
    caption: str = Field(..., examples=["Dmitry Vladislavovich KLYUEV"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, list[str | EntityResponse]] = Field(
        ..., examples=[{"name": ["Dmitry Vladislavovich KLYUEV"]}]
    )
    datasets: list[str] = Field([], examples=[["ofac_sdn"]])
    referents: list[str] = Field([], description="The FollowTheMoney id of the entry.", examples=[["ofac-sdn-16399"]])
    target: bool = False
    first_seen: str | None = None
    last_seen: str | None = Field(None, description="When the list version holding the entry was loaded.")
    last_change: str | None = Field(
        None, description="The list's own last-updated date of the entry, when it gives one."
    )


EntityResponse.model_rebuild()


class ScoredEntityResponse(EntityResponse):
    score: float = Field(..., examples=[0.97])
    features: dict[str, float] = Field(..., examples=[{"name": 0.95, "birth_date": 0.08}])
    match: bool = False
    explanation: Explanation


class TotalSpec(BaseModel):
    value: int = Field(..., examples=[3])
    relation: str = Field("eq", description="`eq`: exactly `value`; `gte`: at least (the results reached the limit).")


# -- /match ----------------------------------------------------------------------------------


class EntityMatchQuery(BaseModel):
    queries: dict[str, EntityExample] = Field(..., min_length=1, max_length=MAX_BATCH)
    weights: dict[str, float] = Field({}, description="Accepted for yente compatibility and not used.")
    config: dict[str, str | int | float | bool] = Field(
        {}, description="Algorithm options; Magnitsky's matcher has none, so any key is rejected."
    )


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str
    coefficient: float
    url: str | None = None


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int
    versions: list[str] = Field(
        ..., description="Magnitsky: the list versions screened against.", examples=[["ofac_sdn:3"]]
    )


# -- /search ---------------------------------------------------------------------------------


class SearchFacetItem(BaseModel):
    name: str
    label: str
    count: int


class SearchFacet(BaseModel):
    label: str
    values: list[SearchFacetItem]


class SearchResponse(BaseModel):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[EntityResponse]
    facets: dict[str, SearchFacet]


# -- /catalog --------------------------------------------------------------------------------


class DatasetModel(BaseModel):
    name: str = Field(..., examples=["ofac_sdn"])
    title: str
    summary: str | None = None
    url: str | None = None
    load: bool = True
    entities_url: str | None = None
    version: str = Field(..., description="The newest version in the store.", examples=["3"])
    index_version: str | None = Field(None, description="The version this server screens against.")
    index_current: bool = False
    children: list[str] = []
    entity_count: int | None = Field(None, description="Magnitsky: entries in the newest version.")
    schemata: dict[str, int] = Field({}, description="Magnitsky: entries by schema.")
    publication_date: str | None = None
    loaded_at: str | None = None
    sha256: str | None = None


class DataCatalogModel(BaseModel):
    datasets: list[DatasetModel]
    current: list[str]
    outdated: list[str]
    index_stale: bool = False


class ProgramModel(BaseModel):
    source: str = Field(..., description="The list (source) the program belongs to.")
    program: str = Field(..., description="The program as the list writes it (code or name).")
    name: str | None = Field(None, description="The program's name, when the list writes only a code (OFAC).")
    entries: int


# -- operations ------------------------------------------------------------------------------


class WorkerReadiness(BaseModel):
    pid: int
    versions: list[str] = Field(..., description="The list versions this worker screens against.")
    ready: bool = Field(..., description="Whether it has an index to screen against (false while it starts).")
    current: bool = Field(..., description="Whether it screens against the store's current versions.")


class ReadyResponse(BaseModel):
    status: str = Field(
        ...,
        examples=["ok"],
        description="'ok' (200) when every worker screens against the store's current versions; 'updating' (200) "
        "while one still screens against the previous ones; 'loading' (503) while one has no index yet; "
        "'no lists' (503) when the store holds none; 'store unreachable' (503).",
    )
    detail: str | None = Field(
        default=None, description="Why not ready or not current, in one line (which worker lags, what to run)."
    )
    versions: list[str] = Field(default=[], description="The versions the worker that answered screens against.")
    store_versions: list[str] = Field(default=[], description="The store's current versions.")
    workers: list[WorkerReadiness] = Field(default=[], description="Every live worker of this server.")
    reloading: bool = False
    reloads: int = 0
    last_error: str | None = None


class ReloadResponse(BaseModel):
    status: str = Field(..., description="'reloading', 'already reloading', 'reloaded' or 'failed'.")
    versions: list[str] = Field(..., description="The versions screened against when this answer was given.")
    error: str | None = None


class KeyCreate(BaseModel):
    name: str = Field(
        ..., min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]*$", examples=["bank-onboarding"]
    )
    role: str = Field(..., pattern=r"^(screener|analyst|supervisor|admin)$", examples=["screener"])
    rate: float | None = Field(None, gt=0, le=100000, description="Requests per second (default: the server's).")
    user: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        pattern=NO_NUL,
        examples=["alice"],
        description="Refused (422): a key acting for a reviewer is asked for by that reviewer (`POST /me/keys`) "
        "and approved by a second person (`POST /requests/{id}/approve`).",
    )


class KeyRequest(BaseModel):
    name: str = Field(
        ..., min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]*$", examples=["alice-desk"]
    )
    role: str = Field(
        ..., pattern=r"^(screener|analyst|supervisor|admin)$", examples=["analyst"], description="At most your own."
    )
    rate: float | None = Field(None, gt=0, le=100000, description="Requests per second (default: the server's).")
    rationale: str = Field(..., min_length=1, max_length=2000, pattern=NO_NUL, examples=["second desk"])


class FourEyesRequestModel(BaseModel):
    id: int
    kind: str = Field(..., examples=["apikey.bind"], description="user.grant, apikey.bind or frozen.release.")
    subject: str = Field(..., examples=["apikey:alice-desk"])
    rationale: str
    requested_by: str = Field(..., description="The reviewer who asked.")
    requested_via: str = Field(..., description="The credential that proved it: `password` or `key:<name>`.")
    requested_at: str
    state: str = Field(..., examples=["pending"], description="pending, approved or rejected.")
    decided_by: str | None = None
    decided_via: str | None = None
    decided_at: str | None = None
    decision_rationale: str | None = None


class KeyRequested(FourEyesRequestModel):
    key: str = Field(..., description="The key itself, working once approved. Shown only in this answer: store it now.")


class RequestDecided(FourEyesRequestModel):
    setup_half: str | None = Field(
        None, description="An approved reviewer account: the setup code's second half, for the approver to hand over."
    )


class RequestDecision(BaseModel):
    rationale: str = Field(
        ..., min_length=1, max_length=2000, pattern=NO_NUL, description="Why: kept in the audit trail."
    )


class KeyInfo(BaseModel):
    name: str
    role: str
    rate: float | None
    key_id: str
    created_at: str
    created_by: str
    revoked_at: str | None
    user: str | None = Field(None, description="The reviewer the key acts for, if any.")


class KeyCreated(KeyInfo):
    key: str = Field(..., description="The key itself. Shown only in this answer: store it now.")


# -- /screen ---------------------------------------------------------------------------------


class ApplicantForm(BaseModel):
    """A visa applicant typed in from a form; nationality and issuing state as ISO/ICAO codes or names."""

    surname: str = Field(..., min_length=1, max_length=200, examples=["KLYUEV"])
    given_names: str = Field("", max_length=200, examples=["DMITRY VLADISLAVOVICH"])
    birth_date: str | None = Field(None, max_length=10, examples=["1967-08-10"])
    nationality: str | None = Field(None, max_length=60, examples=["RUS"])
    passport: str | None = Field(None, max_length=40)
    sex: str | None = Field(None, max_length=10, examples=["M"])
    issuing_state: str | None = Field(None, max_length=60)


class VisaRequest(BaseModel):
    """Either the machine-readable zone of the travel document, or the applicant's form data."""

    mrz: str | None = Field(None, max_length=400, description="The MRZ lines (TD1, TD2 or TD3), newline-separated.")
    applicant: ApplicantForm | None = None


class AlertOutcome(BaseModel):
    """An alert a REFER or HOLD called for, and what became of it."""

    alert_id: int | None = Field(..., description="The alert (see /cases/alerts/{id}); null when suppressed.")
    subject_id: str = Field(..., examples=["payment:12/E2E-1"])
    entity_id: str = Field(..., examples=["ofac_sdn:16399"])
    outcome: FindingOutcome = Field(..., examples=["opened"])


class VisaDecisionResponse(BaseModel):
    decision: Verdict
    reasons: list[str]
    notes: list[str] = Field(..., description="Facts about the document or data an officer should see.")
    applicant: ApplicantData
    document: TravelDocumentData | None = Field(..., description="The parsed MRZ, when there was one.")
    matches: list[VisaMatch]
    thresholds: VisaThresholds
    list_versions: list[str]
    measures_version: str
    decided_at: str
    audit: AuditReference | None
    alerts: list[AlertOutcome] = Field([], description="Magnitsky: the alerts a REFER opened for an officer.")


class PaymentDecisionResponse(BaseModel):
    """The stored decision on the message (see docs/payments); ``replayed`` when it had been decided before."""

    decision_id: int | str
    decided_at: str
    decided_by: str
    replayed: bool
    alerts: list[AlertOutcome] = Field([], description="The alerts a HOLD opened for a reviewer.")
    decision: Decision
    jurisdiction_rules: str
    list_versions: list[str]
    measures_table: str
    message: MessageHeader
    thresholds: PaymentThresholds
    transactions: list[TransactionResult]


# -- /cases and /audit -----------------------------------------------------------------------

MAX_ID = 2**31 - 1  # alert ids and versions are 32-bit integers in the case store


class AlertModel(BaseModel):
    """A possible match for a person to decide: who was screened, which listed entry, why, and where it stands."""

    id: int = Field(..., examples=[7])
    origin: str = Field(..., description="screening, monitoring, payment or visa.", examples=["payment"])
    subject_kind: str = Field(..., description="customer, payment or visa.", examples=["customer"])
    subject_id: str = Field(..., examples=["C001"])
    subject_caption: str = Field(..., examples=["KLIUEV DMITRII"])
    subject_fingerprint: str
    entity_id: str = Field(..., examples=["ofac_sdn:16399"])
    entity_caption: str = Field(..., examples=["Dmitry Vladislavovich KLYUEV"])
    entity_fingerprint: str
    list_version: str = Field(..., examples=["ofac_sdn:1"])
    score: float = Field(..., examples=[0.97])
    explanation: dict[str, Any] = Field(
        ..., description="The screener's explanation of the match (and, for payments and visas, the decision's cause)."
    )
    measure: str | None = Field(None, description="HOLD or REFER when a payment or visa decision raised it.")
    run_id: int | None = None
    state: AlertState
    decision: AlertDecision | None = Field(None, examples=["false_positive"])
    decided_by: str | None = None
    decided_at: str | None = None
    rationale: str | None = Field(None, description="Of the latest step; every earlier one is in `history`.")
    approved_by: str | None = None
    approved_at: str | None = None
    flag: str | None = Field(None, description="`delisted`: the entry left its list after a true match.")
    created_at: str
    updated_at: str
    version: int = Field(
        ..., description="Send it back with a decision: a change by someone else since gives 409.", examples=[2]
    )


class AuditRecordModel(BaseModel):
    seq: int
    at: str
    actor: str = Field(..., examples=["alice"])
    action: str = Field(..., examples=["alert.decide"])
    subject: str = Field(..., examples=["alert:7"])
    details: dict[str, Any]
    prev_hash: str
    hash: str


class AlertDetail(AlertModel):
    history: list[AuditRecordModel] = Field(..., description="Every step taken on the alert, from the audit trail.")


class AlertList(BaseModel):
    counts: dict[str, int] = Field(
        ..., description="Alerts in each state, over all alerts.", examples=[{"open": 3, "in_review": 1, "decided": 12}]
    )
    limit: int
    offset: int
    alerts: list[AlertModel]


class Rationale(BaseModel):
    rationale: str = Field(
        ...,
        min_length=1,
        max_length=MAX_RATIONALE,
        pattern=NO_NUL,
        description="Why: kept in the audit trail.",
        examples=["different person: born 1980, the listed KLYUEV in 1967"],
    )
    version: int = Field(
        ..., ge=1, le=MAX_ID, description="The alert version you read; someone else's change since gives 409."
    )


class AlertDecisionRequest(Rationale):
    decision: AlertDecision


class CustomerModel(BaseModel):
    id: str = Field(..., examples=["C001"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    caption: str
    properties: dict[str, list[str]] = Field(..., examples=[{"name": ["KLIUEV DMITRII"], "birthDate": ["1967-08-10"]}])
    fingerprint: str
    source_file: str
    imported_at: str
    updated_at: str


class CustomerList(BaseModel):
    total: int
    limit: int
    offset: int
    customers: list[CustomerModel]


class CustomerDetail(CustomerModel):
    alerts: list[AlertModel]


class RunSummaryModel(BaseModel):
    run_id: int
    kind: str
    versions: dict[str, int] = Field(..., examples=[{"ofac_sdn": 2, "un_sc": 1}])
    screened: int
    opened: int
    active: int
    known: int
    suppressed: int
    seconds: float


class SourceChangeModel(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    source: str
    from_: int | None = Field(..., alias="from", description="The version screened last; null: never screened.")
    to: int
    added: list[str]
    changed: dict[str, list[str]] = Field(..., description="Entry id -> the fields that changed.")
    removed: list[str]


class MonitorHit(BaseModel):
    alert_id: int | None
    outcome: FindingOutcome = Field(..., examples=["opened"])
    customer_id: str
    customer: str
    entity_id: str
    listed_name: str
    change: str = Field(..., examples=["added"])
    fields: list[str]
    score: float
    list_version: str


class MonitorReportModel(BaseModel):
    run: RunSummaryModel
    changes: list[SourceChangeModel]
    customers: int = Field(..., description="Customers considered.")
    hits: list[MonitorHit] = Field(..., description="New or changed designations that hit a customer.")
    closed: list[int] = Field(..., description="Undecided alerts closed because their entry left its list.")
    flagged: list[int] = Field(..., description="True-match alerts whose entry left its list.")


class AuditVerification(BaseModel):
    ok: bool
    records: int
    head: str = Field(..., description="The chain head's hash: keep it elsewhere to anchor the trail.")
    checkpoints: int = Field(0, description="Signed checkpoints of the head the chain was checked against.")
    problem: str | None = Field(
        None,
        description="The first break found, naming the record.",
        examples=["record 17 was altered (its content does not match its hash)"],
    )
