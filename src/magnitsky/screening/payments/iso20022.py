"""ISO 20022 customer credit transfers: pacs.008 (FIToFICstmrCdtTrf) and pain.001 (CstmrCdtTrfInitn).

Any message version is read (namespace ``urn:iso:std:iso:20022:tech:xsd:pacs.008.001.NN`` or
``pain.001.001.NN``), bare or inside a business-message envelope next to its AppHdr. Element
names are what the ISO 20022 message definitions call them; where versions differ (``BIC`` up to
pacs.008.001.03, ``BICFI`` from .04; a ``Pty`` wrapper in some party types) both are read.

The XML is parsed with the safety settings of :mod:`magnitsky.sources.xml`: a document type or
entity declaration is refused before parsing (XML bombs, external entities), and lxml runs with
entity resolution, DTD loading and network access off. The elements a screening needs are
checked as the schema requires them (message id, at least one transaction, creditor, amount with
a currency); a missing or malformed one is an error naming the element and its line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from lxml import etree

from magnitsky.screening.payments.parties import (
    CREDITOR,
    CREDITOR_AGENT,
    DEBTOR,
    DEBTOR_AGENT,
    INITIATING_PARTY,
    INSTRUCTED_AGENT,
    INSTRUCTING_AGENT,
    ULTIMATE_CREDITOR,
    ULTIMATE_DEBTOR,
    FreeText,
    MessageError,
    Party,
    PaymentMessage,
    PostalAddress,
    Transaction,
    check_reference,
    check_sender,
    check_size,
    check_uetr,
    intermediary,
)
from magnitsky.sources.xml import child, children, local, text

MAX_MESSAGE_BYTES = 20 * 1024 * 1024
NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:(pacs\.008|pain\.001)\.001\.(\d{2})$")
ROOTS = {"pacs.008": "FIToFICstmrCdtTrf", "pain.001": "CstmrCdtTrfInitn"}
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_AMOUNT = re.compile(r"^\d{1,18}(\.\d{1,5})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REFERENCES = ("EndToEndId", "TxId", "InstrId")  # a transaction's identifiers in PmtId, besides the UETR

# Transaction-level party elements, in the order a report lists them: (element, role).
_TX_PARTIES = (
    ("InstgAgt", INSTRUCTING_AGENT),
    ("InstdAgt", INSTRUCTED_AGENT),
    ("UltmtDbtr", ULTIMATE_DEBTOR),
    ("InitgPty", INITIATING_PARTY),
    ("Dbtr", DEBTOR),
    ("DbtrAgt", DEBTOR_AGENT),
    ("IntrmyAgt1", intermediary(1)),
    ("IntrmyAgt2", intermediary(2)),
    ("IntrmyAgt3", intermediary(3)),
    ("CdtrAgt", CREDITOR_AGENT),
    ("Cdtr", CREDITOR),
    ("UltmtCdtr", ULTIMATE_CREDITOR),
)
_ACCOUNTS = {
    "Dbtr": "DbtrAcct",
    "Cdtr": "CdtrAcct",
    "DbtrAgt": "DbtrAgtAcct",
    "CdtrAgt": "CdtrAgtAcct",
    "IntrmyAgt1": "IntrmyAgt1Acct",
    "IntrmyAgt2": "IntrmyAgt2Acct",
    "IntrmyAgt3": "IntrmyAgt3Acct",
}
_ADDRESS_DETAIL = ("StrtNm", "BldgNb", "BldgNm", "PstBx", "PstCd", "TwnLctnNm", "DstrctNm", "CtrySubDvsn")


def is_iso20022(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def parse_iso20022(data: bytes, name: str = "message") -> PaymentMessage:
    """Read a pacs.008 or pain.001 message (bytes as received) into a :class:`PaymentMessage`."""
    root = _parse_xml(data, name)
    document, family, version = _document(root, name)
    body = child(document, ROOTS[family])
    if body is None:
        raise MessageError(name, f"{family} message has no {ROOTS[family]} element", document.sourceline)
    reader = _Reader(name)
    header = reader.required(body, "GrpHdr", "")
    message_id = reader.required_text(header, "MsgId", "GrpHdr")
    check_reference(name, "GrpHdr/MsgId", message_id, reader.required(header, "MsgId", "GrpHdr").sourceline)
    if family == "pacs.008":
        transactions, sender = reader.pacs008(body, header)
    else:
        transactions, sender = reader.pain001(body, header)
    check_size(name, transactions)
    check_sender(name, sender)
    return PaymentMessage(family, f"{family}.001.{version}", message_id, sender, tuple(transactions))


def _parse_xml(data: bytes, name: str) -> etree._Element:
    if len(data) > MAX_MESSAGE_BYTES:
        raise MessageError(name, f"message of {len(data):,} bytes; at most {MAX_MESSAGE_BYTES:,}")
    if match := _DECLARATION.search(data):
        raise MessageError(
            name,
            "XML document type/entity declarations are not allowed in payment messages "
            "(possible XML bomb or external entity)",
            data[: match.start()].count(b"\n") + 1,
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        message = re.sub(r",? line \d+, column \d+$", "", exc.msg or "syntax error")
        raise MessageError(name, f"malformed XML: {message}", exc.lineno) from None


def _document(root: etree._Element, name: str) -> tuple[etree._Element, str, str]:
    """The ISO 20022 Document element (the root, or inside an envelope) and its message family."""
    for el in root.iter():
        if not isinstance(el.tag, str) or local(el) != "Document":
            continue
        match = NAMESPACE.match(etree.QName(el).namespace or "")
        if match:
            return el, match.group(1), match.group(2)
    namespace = etree.QName(root).namespace
    raise MessageError(
        name,
        f"not a pacs.008 or pain.001 message: root element {local(root)!r}"
        + (f" in namespace {namespace!r}" if namespace else " without an ISO 20022 namespace"),
        root.sourceline,
    )


class _Reader:
    """Reads one message; knows the message name for errors."""

    def __init__(self, name: str):
        self.name = name

    # -- message layouts -------------------------------------------------------------------------

    def pacs008(self, body: etree._Element, header: etree._Element) -> tuple[list[Transaction], str]:
        group = [
            p
            for p in (
                self.party(header, "InstgAgt", INSTRUCTING_AGENT, "GrpHdr"),
                self.party(header, "InstdAgt", INSTRUCTED_AGENT, "GrpHdr"),
            )
            if p
        ]
        transactions: list[Transaction] = []
        seen: set[str] = set()
        for n, tx in enumerate(self.repeated(body, "CdtTrfTxInf", "FIToFICstmrCdtTrf"), 1):
            path = f"CdtTrfTxInf[{n}]"
            amount_el = self.required(tx, "IntrBkSttlmAmt", path)
            parties = self.tx_parties(tx, path, inherited=group, required=("Dbtr", "Cdtr"))
            transactions.append(self.transaction(tx, path, amount_el, parties, seen, text(tx, "IntrBkSttlmDt")))
        sender = next((p.bic or p.name for p in group if p.role == INSTRUCTING_AGENT), None)
        if sender is None:
            sender = next((p.bic or p.name or "" for p in transactions[0].parties if p.role == INSTRUCTING_AGENT), "")
        return transactions, sender

    def pain001(self, body: etree._Element, header: etree._Element) -> tuple[list[Transaction], str]:
        initiating = self.party(header, "InitgPty", INITIATING_PARTY, "GrpHdr")
        transactions: list[Transaction] = []
        seen: set[str] = set()
        for b, block in enumerate(self.repeated(body, "PmtInf", "CstmrCdtTrfInitn"), 1):
            block_path = f"PmtInf[{b}]"
            self.required(block, "Dbtr", block_path)
            shared = [p for p in (initiating,) if p]
            shared += [
                p
                for el, role in (("UltmtDbtr", ULTIMATE_DEBTOR), ("Dbtr", DEBTOR), ("DbtrAgt", DEBTOR_AGENT))
                if (p := self.party(block, el, role, block_path))
            ]
            value_date = text(block, "ReqdExctnDt")
            if value_date is None and (when := child(block, "ReqdExctnDt")) is not None:
                value_date = text(when, "Dt")
            for n, tx in enumerate(self.repeated(block, "CdtTrfTxInf", block_path), 1):
                path = f"{block_path}/CdtTrfTxInf[{n}]"
                amt = self.required(tx, "Amt", path)
                amount_el = child(amt, "InstdAmt")
                if amount_el is None and (equivalent := child(amt, "EqvtAmt")) is not None:
                    amount_el = child(equivalent, "Amt")
                if amount_el is None:
                    raise MessageError(self.name, f"{path}/Amt has neither InstdAmt nor EqvtAmt/Amt", amt.sourceline)
                own = self.tx_parties(tx, path, inherited=[], required=("Cdtr",))
                roles = {p.role for p in own}
                parties = [p for p in shared if p.role not in roles] + own  # a transaction's own UltmtDbtr wins
                transactions.append(self.transaction(tx, path, amount_el, parties, seen, value_date))
        sender = (
            initiating.bic or initiating.lei or (initiating.ids[0] if initiating.ids else initiating.name)
            if initiating
            else ""
        )
        return transactions, sender or ""

    def transaction(self, tx, path, amount_el, parties, seen: set[str], value_date: str | None) -> Transaction:
        amount, currency = self.amount(amount_el, f"{path}/{local(amount_el)}")
        payment_id = self.required(tx, "PmtId", path)
        end_to_end, tx_ref, instruction = (
            self.reference(payment_id, e, path) for e in ("EndToEndId", "TxId", "InstrId")
        )
        uetr = check_uetr(self.name, f"{path}/PmtId/UETR", text(payment_id, "UETR"), payment_id.sourceline)
        tx_id = uetr or tx_ref or instruction or end_to_end or path
        if tx_id in seen:
            tx_id = f"{tx_id}#{len(seen) + 1}"
        seen.add(tx_id)
        return Transaction(
            tx_id, amount, currency, tuple(parties), tuple(self.free_text(tx, path)), end_to_end, uetr, value_date
        )

    # -- parts -----------------------------------------------------------------------------------

    def tx_parties(self, tx, path: str, inherited: list[Party], required: tuple[str, ...]) -> list[Party]:
        for element in required:
            self.required(tx, element, path)
        own = [p for element, role in _TX_PARTIES if (p := self.party(tx, element, role, path))]
        roles = {p.role for p in own}
        return [p for p in inherited if p.role not in roles] + own

    def party(self, parent, element: str, role: str, path: str) -> Party | None:
        el = child(parent, element)
        if el is None:
            return None
        where = f"{path}/{element}" if path else element
        account = self.account(child(parent, _ACCOUNTS[element])) if element in _ACCOUNTS else None
        institution = child(el, "FinInstnId")
        if institution is not None:  # an agent: BranchAndFinancialInstitutionIdentification
            return Party(
                role,
                where,
                text(institution, "Nm"),
                self.address(child(institution, "PstlAdr")),
                bic=text(institution, "BICFI") or text(institution, "BIC"),
                lei=text(institution, "LEI"),
                account=account,
                ids=tuple(self.ids(institution)),
                person=False,
            )
        if (wrapped := child(el, "Pty")) is not None:
            el = wrapped
        ident = child(el, "Id")
        org = child(ident, "OrgId") if ident is not None else None
        private = child(ident, "PrvtId") if ident is not None else None
        address = self.address(child(el, "PstlAdr"))
        residence = text(el, "CtryOfRes")
        if residence and (address is None or address.country is None):
            address = replace(address or PostalAddress(), country=residence.lower())
        birth = child(private, "DtAndPlcOfBirth") if private is not None else None
        birth_date = text(birth, "BirthDt") if birth is not None else None
        if birth is not None and birth_date and not _DATE.match(birth_date):
            raise MessageError(
                self.name, f"{where}: BirthDt {birth_date!r} is not an ISO date (YYYY-MM-DD)", birth.sourceline
            )
        return Party(
            role,
            where,
            text(el, "Nm"),
            address,
            bic=(text(org, "AnyBIC") or text(org, "BICOrBEI")) if org is not None else None,
            lei=text(org, "LEI") if org is not None else None,
            account=account,
            ids=tuple(self.ids(org if org is not None else private)),
            person=True if private is not None else False if org is not None else None,
            birth_date=birth_date,
        )

    @staticmethod
    def ids(el) -> list[str]:
        """``Othr`` identifiers ("SCHEME:value") and clearing-system member ids."""
        if el is None:
            return []
        found = []
        for other in children(el, "Othr"):
            if value := text(other, "Id"):
                scheme = child(other, "SchmeNm")
                code = (text(scheme, "Cd") or text(scheme, "Prtry")) if scheme is not None else None
                found.append(f"{code}:{value}" if code else value)
        if (member := child(el, "ClrSysMmbId")) is not None and (value := text(member, "MmbId")):
            found.append(value)
        return found

    @staticmethod
    def account(el) -> str | None:
        if el is None or (ident := child(el, "Id")) is None:
            return None
        return text(ident, "IBAN") or (text(other, "Id") if (other := child(ident, "Othr")) is not None else None)

    def address(self, el) -> PostalAddress | None:
        if el is None:
            return None
        country = text(el, "Ctry")
        if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
            raise MessageError(self.name, f"PstlAdr/Ctry {country!r} is not an ISO 3166 alpha-2 code", el.sourceline)
        lines = [v for line in children(el, "AdrLine") if (v := text(line))]
        lines += [v for part in _ADDRESS_DETAIL if (v := text(el, part))]
        return PostalAddress(country.lower() if country else None, text(el, "TwnNm"), tuple(lines))

    @staticmethod
    def free_text(tx, path: str) -> list[FreeText]:
        found = []
        if (remittance := child(tx, "RmtInf")) is not None:
            found += [FreeText(f"{path}/RmtInf/Ustrd", v) for el in children(remittance, "Ustrd") if (v := text(el))]
            for n, structured in enumerate(children(remittance, "Strd"), 1):
                words = " ".join(" ".join(t.split()) for t in structured.itertext() if t.strip())
                if words:
                    found.append(FreeText(f"{path}/RmtInf/Strd[{n}]", words))
        if (purpose := child(tx, "Purp")) is not None and (v := text(purpose, "Cd") or text(purpose, "Prtry")):
            found.append(FreeText(f"{path}/Purp", v))
        for element in ("InstrForCdtrAgt", "InstrForNxtAgt", "InstrForDbtrAgt"):
            for el in children(tx, element):
                if v := (text(el, "InstrInf") if len(el) else text(el)):
                    found.append(FreeText(f"{path}/{element}", v))
        for report in children(tx, "RgltryRptg"):
            words = " ".join(" ".join(t.split()) for t in report.itertext() if t.strip())
            if words:
                found.append(FreeText(f"{path}/RgltryRptg", words))
        return found

    def amount(self, el, where: str) -> tuple[Decimal, str]:
        currency = el.get("Ccy", "")
        value = (el.text or "").strip()
        if not _CURRENCY.match(currency):
            raise MessageError(self.name, f"{where}: currency Ccy={currency!r} is not an ISO 4217 code", el.sourceline)
        if not _AMOUNT.match(value):
            raise MessageError(
                self.name, f"{where}: amount {value!r} is not a decimal (up to 18 digits, 5 decimals)", el.sourceline
            )
        return Decimal(value), currency

    def required(self, parent, element: str, path: str) -> etree._Element:
        el = child(parent, element)
        if el is None:
            where = f"{path}/{element}" if path else element
            raise MessageError(self.name, f"missing mandatory element {where}", parent.sourceline)
        return el

    def repeated(self, parent, element: str, path: str) -> list[etree._Element]:
        """The one-or-more occurrences of ``element`` the schema requires."""
        found = children(parent, element)
        if not found:
            raise MessageError(self.name, f"{path} has no {element} (at least one is mandatory)", parent.sourceline)
        return found

    def reference(self, payment_id, element: str, path: str) -> str | None:
        """A transaction's identifier ``PmtId/element``, checked for length."""
        value = text(payment_id, element)
        return check_reference(self.name, f"{path}/PmtId/{element}", value, payment_id.sourceline)

    def required_text(self, parent, element: str, path: str) -> str:
        value = text(self.required(parent, element, path))
        if value is None:
            raise MessageError(self.name, f"mandatory element {path}/{element} is empty", parent.sourceline)
        return value
