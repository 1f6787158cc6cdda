"""What a payment message says, in one shape whatever the format: parties, amounts, free text.

ISO 20022 and SWIFT MT103 name the same roles differently (``Cdtr`` vs field 59a); both parsers
produce :class:`PaymentMessage` so screening, decisions and the register never look at a format.
Every party and free-text field keeps ``field`` — where in the message it was read — so a
decision can point an analyst at the exact element or tag.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from magnitsky.errors import InputError

# Roles, named after ISO 20022's elements; MT103 fields map onto them (50a -> debtor, 59a -> creditor).
DEBTOR = "debtor"
CREDITOR = "creditor"
ULTIMATE_DEBTOR = "ultimate_debtor"
ULTIMATE_CREDITOR = "ultimate_creditor"
INITIATING_PARTY = "initiating_party"
DEBTOR_AGENT = "debtor_agent"
CREDITOR_AGENT = "creditor_agent"
INSTRUCTING_AGENT = "instructing_agent"
INSTRUCTED_AGENT = "instructed_agent"
SENDERS_CORRESPONDENT = "senders_correspondent"
RECEIVERS_CORRESPONDENT = "receivers_correspondent"
REIMBURSEMENT_INSTITUTION = "third_reimbursement_institution"


def intermediary(n: int) -> str:
    return f"intermediary_agent_{n}"


MAX_PARTIES = 2000  # per message; bulk files beyond this are split by the sender
MAX_TRANSACTIONS = 1000
# Identifiers as the standards bound them, checked when read: the register keeps them in columns
# of these widths, and a longer one failed there (on PostgreSQL) as if the database were down.
MAX_REFERENCE = 35  # ISO 20022 Max35Text: MsgId, EndToEndId, TxId, InstrId (MT103's :20: is 16)
MAX_SENDER = 140  # a BIC, or a name (Max140Text) when the sender has none
_UETR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def check_reference(name: str, what: str, value: str | None, line: int | None = None) -> str | None:
    """``value`` if it is at most ``MAX_REFERENCE`` characters; else a MessageError naming ``what``."""
    if value is not None and len(value) > MAX_REFERENCE:
        raise MessageError(name, f"{what} has {len(value)} characters; at most {MAX_REFERENCE}", line)
    return value


def check_uetr(name: str, what: str, value: str | None, line: int | None = None) -> str | None:
    """``value`` if it is a UETR (a UUID: 36 characters, hex digits in groups of 8-4-4-4-12)."""
    if value is not None and not _UETR.match(value):
        shown = value if len(value) <= 40 else f"{value[:40]}..."
        raise MessageError(
            name, f"{what} {shown!r} is not a UETR (a UUID such as 8a562c67-ca16-48ba-b074-65581be6f011)", line
        )
    return value


def check_sender(name: str, sender: str) -> str:
    if len(sender) > MAX_SENDER:
        raise MessageError(name, f"the sender's name has {len(sender)} characters; at most {MAX_SENDER}")
    return sender


class MessageError(InputError):
    """A payment message that cannot be screened as given; says what is wrong and where."""

    def __init__(self, name: str, problem: str, line: int | None = None):
        self.name, self.problem, self.line = name, problem, line
        where = f"{name}, line {line}" if line else name
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class PostalAddress:
    country: str | None = None  # ISO 3166 alpha-2, lower case as everywhere in magnitsky
    town: str | None = None
    lines: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The whole address as one line, for region rules and for reports."""
        parts = [*self.lines, self.town or "", (self.country or "").upper()]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Party:
    role: str
    field: str  # where it was read: "CdtTrfTxInf[1]/Cdtr", ":59F:"
    name: str | None = None
    address: PostalAddress | None = None
    bic: str | None = None
    lei: str | None = None
    account: str | None = None  # IBAN or other account number
    ids: tuple[str, ...] = ()  # other identifiers, "SCHEME:value" or bare
    person: bool | None = None  # True for a private id, False for an organisation or agent
    birth_date: str | None = None  # ISO date, when the message gives one (ISO 20022 PrvtId, MT 50F line 4)

    @property
    def is_agent(self) -> bool:
        return (
            self.role.endswith("_agent")
            or self.role
            in (
                SENDERS_CORRESPONDENT,
                RECEIVERS_CORRESPONDENT,
                REIMBURSEMENT_INSTITUTION,
            )
            or self.role.startswith("intermediary_agent")
        )

    @property
    def label(self) -> str:
        return self.name or self.bic or self.account or "(unnamed)"

    @property
    def countries(self) -> dict[str, str]:
        """Every country the party is tied to, with where it comes from."""
        found: dict[str, str] = {}
        if self.address and self.address.country:
            found[self.address.country] = "address"
        if self.bic and len(self.bic) >= 6 and self.bic[4:6].isalpha():
            found.setdefault(self.bic[4:6].lower(), f"BIC {self.bic}")
        if self.account and len(self.account) > 15 and self.account[:2].isalpha() and self.account[2:4].isdigit():
            found.setdefault(self.account[:2].lower(), f"IBAN {self.account}")
        return found

    def query(self) -> dict | None:
        """The screening query for this party, or None when it carries nothing to screen."""
        name = self.name or self.bic or self.account
        if not name:
            return None
        schema = "Organization" if self.is_agent or self.person is False else "Person" if self.person else "LegalEntity"
        bics = [self.bic, self.bic[:8]] if self.bic and len(self.bic) == 11 else [self.bic] if self.bic else []
        ids = [*self.ids, *([self.account] if self.account else [])]
        country = self.address.country if self.address and self.address.country else None
        return {
            "schema": schema,
            "properties": {
                "name": [name],
                "birthDate": [self.birth_date] if self.birth_date else [],
                "country": [country] if country else [],
                "swiftBic": bics,
                "leiCode": [self.lei] if self.lei else [],
                "idNumber": [i.split(":", 1)[-1] for i in ids][:50],
            },
        }

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, (), "")}


@dataclass(frozen=True)
class FreeText:
    field: str  # "CdtTrfTxInf[1]/RmtInf/Ustrd", ":70:"
    text: str


@dataclass(frozen=True)
class Transaction:
    """One credit transfer: its ids, amount and every party and free text that bear on it."""

    id: str  # EndToEndId/UETR/InstrId or the MT103 reference; unique within the message
    amount: Decimal
    currency: str
    parties: tuple[Party, ...]
    free_text: tuple[FreeText, ...] = ()
    end_to_end_id: str | None = None
    uetr: str | None = None
    value_date: str | None = None

    def party(self, role: str) -> Party | None:
        return next((p for p in self.parties if p.role == role), None)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "amount": str(self.amount),
            "currency": self.currency,
            "end_to_end_id": self.end_to_end_id,
            "uetr": self.uetr,
            "value_date": self.value_date,
            "parties": [p.to_dict() for p in self.parties],
            "free_text": [{"field": f.field, "text": f.text} for f in self.free_text],
        }


@dataclass(frozen=True)
class PaymentMessage:
    type: str  # "pacs.008", "pain.001" or "MT103": the family, which with sender and id is the key
    version: str  # "pacs.008.001.08", "MT103"
    message_id: str  # GrpHdr/MsgId or field 20
    sender: str  # who assigned message_id (instructing agent / initiating party / block-1 BIC); "" if unknown
    transactions: tuple[Transaction, ...] = field(default_factory=tuple)

    @property
    def party_count(self) -> int:
        return sum(len(t.parties) for t in self.transactions)


def check_size(name: str, transactions: list[Transaction]) -> None:
    """Refuse messages larger than a screening run should take on, before any screening."""
    if len(transactions) > MAX_TRANSACTIONS:
        raise MessageError(
            name, f"{len(transactions)} transactions; at most {MAX_TRANSACTIONS} per message (split the batch)"
        )
    parties = sum(len(t.parties) for t in transactions)
    if parties > MAX_PARTIES:
        raise MessageError(name, f"{parties} parties; at most {MAX_PARTIES} per message (split the batch)")
