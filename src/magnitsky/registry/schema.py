"""Tables of the designation registry, on the list store's ``MetaData`` (one database).

Created by the Alembic migration ``0008_registry``. The submitter of a nomination lives in its own
table, encrypted (``registry_submitters``): no query that reads a nomination touches it. A
nomination's history is the hash-chained audit log (subject ``nomination:<id>``).
"""

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from magnitsky.store.schema import metadata

registry_roles = Table(
    "registry_roles",
    metadata,
    Column("user_name", String(200), primary_key=True),
    Column("role", String(30), primary_key=True),
    Column("granted_by", String(200), nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
)

registry_nominations = Table(
    "registry_nominations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(30), nullable=False),
    Column("schema", String(30), nullable=False),
    Column("caption", Text, nullable=False),  # the subject's primary name
    Column("regimes", Text, nullable=False),  # JSON {regime id: [criterion ids]}
    Column("body", Text, nullable=False),  # JSON: subject, related, conduct, exculpatory (never the submitter)
    Column("intake", Text, nullable=False),  # JSON: screening status at intake
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),  # a registry user, or "public"
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("designation_id", String(100)),  # the published entry's FtM id, once published
    Column("listed_on", String(10)),
)

registry_submitters = Table(
    "registry_submitters",
    metadata,
    Column("nomination_id", Integer, ForeignKey("registry_nominations.id", ondelete="CASCADE"), primary_key=True),
    Column("token", Text, nullable=False),  # Fernet token of the submitter's details (key outside the database)
)

registry_evidence = Table(
    "registry_evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("nomination_id", Integer, ForeignKey("registry_nominations.id", ondelete="CASCADE"), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("filename", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("captured_at", String(32)),  # when the original was captured, as the capturer states it
    Column("captured_by", Text),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

registry_custody = Table(
    "registry_custody",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("evidence_id", Integer, ForeignKey("registry_evidence.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(30), nullable=False),
    Column("reason", Text, nullable=False),
)

registry_checklist = Table(
    "registry_checklist",
    metadata,
    Column("nomination_id", Integer, ForeignKey("registry_nominations.id", ondelete="CASCADE"), primary_key=True),
    Column("regime", String(100), primary_key=True),
    Column("criterion", String(100), primary_key=True),
    Column("element", String(30), primary_key=True),
    Column("status", String(20), nullable=False),  # met / not_met / not_assessed
    Column("note", Text, nullable=False),
    Column("supporting", Text, nullable=False),  # JSON evidence ids
    Column("exculpatory", Text, nullable=False),  # JSON evidence ids
    Column("assessed_by", String(200), nullable=False),
    Column("assessed_at", DateTime(timezone=True), nullable=False),
)

registry_statements = Table(
    "registry_statements",
    metadata,
    Column("nomination_id", Integer, ForeignKey("registry_nominations.id", ondelete="CASCADE"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("paragraphs", Text, nullable=False),  # JSON [{text, releasable, evidence}]
    Column("written_by", String(200), nullable=False),
    Column("written_at", DateTime(timezone=True), nullable=False),
)

registry_proposals = Table(
    "registry_proposals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("nomination_id", Integer, ForeignKey("registry_nominations.id", ondelete="CASCADE"), nullable=False),
    Column("action", String(20), nullable=False),  # designate / vary / revoke
    Column("state", String(20), nullable=False),  # pending / approved / refused / executed
    Column("reasons", Text, nullable=False),
    Column("override", Text),  # reasons for deciding despite unmet elements
    Column("proposed_by", String(200), nullable=False),
    Column("proposed_at", DateTime(timezone=True), nullable=False),
    Column("approved_by", String(200)),
    Column("approved_at", DateTime(timezone=True)),
)

registry_publications = Table(
    "registry_publications",
    metadata,
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("published_by", String(200), nullable=False),
    Column("sha256", String(64), nullable=False),  # of the FtM file
    Column("entries", Integer, nullable=False),
    Column("changes", Text, nullable=False),  # JSON [{designation, change}]
)

registry_petitions = Table(
    "registry_petitions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("nomination_id", Integer, ForeignKey("registry_nominations.id", ondelete="CASCADE"), nullable=False),
    Column("state", String(20), nullable=False),  # open / decision / granted / refused
    Column("sought", String(20), nullable=False),  # revoke / vary
    Column("grounds", Text, nullable=False),  # JSON [ground ids]
    Column("statement", Text, nullable=False),  # the petitioner's case, in their words
    Column("new_matter", Text),  # what was not considered before (a further petition needs it where the law says so)
    Column("petitioner", Text, nullable=False),  # JSON {name, capacity, representative}: never in the audit log
    Column("evidence", Text, nullable=False),  # JSON ids of registry_evidence items sent with it
    Column("token_hash", String(64), nullable=False, unique=True),  # SHA-256 of the petitioner's receipt token
    Column("filed_at", DateTime(timezone=True), nullable=False),
    Column("filed_by", String(200), nullable=False),  # "public", or the officer who recorded a posted petition
    Column("decision", String(20)),  # grant / refuse, once proposed
    Column("reasons", Text),  # the decision's reasons, given to the petitioner
    Column("proposed_by", String(200)),
    Column("proposed_at", DateTime(timezone=True)),
    Column("decided_by", String(200)),
    Column("decided_at", DateTime(timezone=True)),
    Index("ix_registry_petitions_nomination", "nomination_id"),
)

registry_petition_messages = Table(
    "registry_petition_messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("petition_id", Integer, ForeignKey("registry_petitions.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("sender", String(200), nullable=False),  # "petitioner", or the officer who wrote
    Column("text", Text, nullable=False),
)

registry_reviews = Table(
    "registry_reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("nomination_id", Integer, ForeignKey("registry_nominations.id", ondelete="CASCADE"), nullable=False),
    Column("due_on", String(10)),  # the review date it answers (ISO date)
    Column("state", String(20), nullable=False),  # proposed / decided / sent_back
    Column(
        "findings", Text, nullable=False
    ),  # JSON {criteria_met, deceased, changed_circumstances, new_evidence, note}
    Column("outcome", String(20), nullable=False),  # keep / vary / revoke
    Column("reasons", Text, nullable=False),
    Column("proposed_by", String(200), nullable=False),
    Column("proposed_at", DateTime(timezone=True), nullable=False),
    Column("decided_by", String(200)),
    Column("decided_at", DateTime(timezone=True)),
    Index("ix_registry_reviews_nomination", "nomination_id"),
)

registry_clocks = Table(
    "registry_clocks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("regime", String(100), nullable=False),
    Column("kind", String(100), nullable=False),  # the regime's clock id (congressional_request, ...)
    Column("concerning", Text, nullable=False),  # what it is about: the request, the person, the year
    Column("nomination_id", Integer, ForeignKey("registry_nominations.id", ondelete="SET NULL")),
    Column("opened_on", String(10), nullable=False),  # ISO dates: a statutory period counts days
    Column("due_on", String(10), nullable=False),
    Column("owner", String(200), nullable=False),
    Column("status", String(20), nullable=False),  # open / answered
    Column("answered_on", String(10)),
    Column("answer", Text),
    Column("answered_by", String(200)),
    Column("opened_by", String(200), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Index("ix_registry_clocks_due", "status", "due_on"),
)
