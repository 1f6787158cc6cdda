"""SWIFT MT103 single customer credit transfers, read as the SWIFT MT Standards define them.

A message is a sequence of blocks ``{1:basic header}{2:application header}{3:user header}{4:text
-}{5:trailer}``; block 4 holds fields ``:TAG:content`` whose content may run over several lines.
Every field of the MT103 specification is recognised; any other tag is an error naming it and its
line, as is a character outside the SWIFT X character set, a field repeated that may not be, a
mandatory field missing, or a line or line count over the field's format.

Parties map onto ISO 20022 roles: 50a ordering customer -> debtor, 52a ordering institution ->
debtor agent, 53a/54a/55a correspondents, 56a intermediary, 57a account-with institution ->
creditor agent, 59a beneficiary -> creditor; the block 1/2 sender and receiver are the
instructing and instructed agents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from magnitsky.screening.payments.parties import (
    CREDITOR,
    CREDITOR_AGENT,
    DEBTOR,
    DEBTOR_AGENT,
    INSTRUCTED_AGENT,
    INSTRUCTING_AGENT,
    RECEIVERS_CORRESPONDENT,
    REIMBURSEMENT_INSTITUTION,
    SENDERS_CORRESPONDENT,
    FreeText,
    MessageError,
    Party,
    PaymentMessage,
    PostalAddress,
    Transaction,
    check_sender,
    check_uetr,
    intermediary,
)

MAX_MESSAGE_CHARS = 10_000  # SWIFT FIN caps a message at 10,000 characters
# The SWIFT X character set: letters, digits, / - ? : ( ) . , ' + space, CR and LF.
_X_CHARS = re.compile(r"[^A-Za-z0-9/\-?:().,'+ \r\n]")
# The header and trailer blocks: the X set and the braces of their sub-blocks ({108:...}).
_HEADER_CHARS = re.compile(r"[^A-Za-z0-9/\-?:().,'+ \r\n{}]")
_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_FIELD_START = re.compile(r"^:(\w{2,3}):", re.MULTILINE)
_AMOUNT = re.compile(r"^(\d{1,14}),(\d*)$")
_BLOCK_START = re.compile(r"\{([1-5]):")
_REGULATORY_COUNTRY = re.compile(r"/(ORDERRES|BENEFRES)/([A-Z]{2})/")

ROLES = {
    "50": DEBTOR,
    "52": DEBTOR_AGENT,
    "53": SENDERS_CORRESPONDENT,
    "54": RECEIVERS_CORRESPONDENT,
    "55": REIMBURSEMENT_INSTITUTION,
    "56": intermediary(1),
    "57": CREDITOR_AGENT,
    "59": CREDITOR,
    "51": INSTRUCTING_AGENT,
}
# Every MT103 field tag -> (max lines, max chars per line, may repeat).
FIELDS: dict[str, tuple[int, int, bool]] = {
    "20": (1, 16, False),
    "13C": (1, 18, True),
    "23B": (1, 4, False),
    "23E": (1, 35, True),
    "26T": (1, 3, False),
    "32A": (1, 24, False),
    "33B": (1, 18, False),
    "36": (1, 12, False),
    "50A": (2, 35, False),
    "50F": (5, 35, False),
    "50K": (5, 35, False),
    "51A": (2, 35, False),
    "52A": (2, 35, False),
    "52D": (5, 35, False),
    "53A": (2, 35, False),
    "53B": (2, 35, False),
    "53D": (5, 35, False),
    "54A": (2, 35, False),
    "54B": (2, 35, False),
    "54D": (5, 35, False),
    "55A": (2, 35, False),
    "55B": (2, 35, False),
    "55D": (5, 35, False),
    "56A": (2, 35, False),
    "56C": (1, 35, False),
    "56D": (5, 35, False),
    "57A": (2, 35, False),
    "57B": (2, 35, False),
    "57C": (1, 35, False),
    "57D": (5, 35, False),
    "59": (5, 35, False),
    "59A": (2, 35, False),
    "59F": (5, 35, False),
    "70": (4, 35, False),
    "71A": (1, 3, False),
    "71F": (1, 18, True),
    "71G": (1, 18, False),
    "72": (6, 35, False),
    "77B": (3, 35, False),
    "77T": (1, 9000, False),
}
MANDATORY = {"20": "20", "23B": "23B", "32A": "32A", "50": "50a", "59": "59a", "71A": "71A"}
FREE_TEXT_FIELDS = ("70", "72", "77B")


@dataclass(frozen=True)
class Field:
    tag: str
    lines: tuple[str, ...]
    line: int  # line of the tag in the message, for errors


def is_mt(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")
    return head.startswith(("{1:", "{4:", ":20:"))


def parse_mt103(data: bytes | str, name: str = "message") -> PaymentMessage:
    """Read an MT103 (with or without its headers) into a :class:`PaymentMessage`."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    if len(text) > MAX_MESSAGE_CHARS:
        raise MessageError(
            name, f"MT message of {len(text):,} characters; SWIFT FIN allows at most {MAX_MESSAGE_CHARS:,}"
        )
    blocks, body_line = _blocks(text.lstrip("\ufeff"), name)
    message_type = _message_type(blocks.get("2", ""))
    if message_type not in (None, "103"):
        raise MessageError(name, f"application header says MT{message_type}; only MT103 is screened here")
    fields = _fields(blocks["4"], body_line, name)
    return _Reader(name, fields).message(blocks)


def _blocks(text: str, name: str) -> tuple[dict[str, str], int]:
    """Blocks by number, and the line block 4 starts on. A bare block-4 text is accepted too."""
    if text.lstrip().startswith(":20:"):
        return {"4": text.strip().removesuffix("-").rstrip()}, 1
    blocks: dict[str, str] = {}
    body_line, i = 1, 0
    while i < len(text):
        if text[i] in " \t\r\n":
            i += 1
            continue
        match = _BLOCK_START.match(text, i)
        if not match:
            raise MessageError(
                name,
                f"expected a block like '{{1:' at character {i + 1}, found {text[i : i + 10]!r}",
                text.count("\n", 0, i) + 1,
            )
        number, depth, j = match.group(1), 1, match.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        if depth:
            raise MessageError(
                name, f"block {number} is not closed with '}}' (truncated message?)", text.count("\n", 0, i) + 1
            )
        if number in blocks:
            raise MessageError(name, f"block {number} appears twice", text.count("\n", 0, i) + 1)
        # A header address garbled by a stray byte would not be read as a BIC: the bank it names
        # would go unscreened, so the message is refused instead.
        if number != "4" and (bad := _HEADER_CHARS.search(text, match.end(), j - 1)):
            raise MessageError(
                name,
                f"block {number} has {bad.group()!r} at character {bad.start() + 1}, outside the SWIFT X character set",
                text.count("\n", 0, bad.start()) + 1,
            )
        blocks[number] = text[match.end() : j - 1]
        if number == "4":
            body_line = text.count("\n", 0, match.end()) + 1
        i = j
    if "4" not in blocks:
        raise MessageError(name, "no text block {4:...-} in the message")
    body = blocks["4"].rstrip()
    if not body.endswith("-"):
        raise MessageError(name, "text block 4 does not end with '-' (truncated message?)")
    blocks["4"] = body[:-1]
    return blocks, body_line


def _message_type(header: str) -> str | None:
    return header[1:4] if len(header) >= 4 and header[0] in "IO" else None


def _fields(body: str, first_line: int, name: str) -> dict[str, Field]:
    starts = list(_FIELD_START.finditer(body))
    if not starts or body[: starts[0].start()].strip():
        raise MessageError(name, "text block does not start with a field ':TAG:'", first_line)
    fields: dict[str, Field] = {}
    for k, match in enumerate(starts):
        tag = match.group(1)
        line = first_line + body.count("\n", 0, match.start())
        if tag not in FIELDS:
            raise MessageError(name, f"unknown field :{tag}: (not an MT103 field)", line)
        end = starts[k + 1].start() if k + 1 < len(starts) else len(body)
        content = body[match.end() : end].rstrip("\r\n")
        if bad := _X_CHARS.search(content):
            raise MessageError(
                name,
                f"field :{tag}: has {bad.group()!r}, outside the SWIFT X character set",
                line + content.count("\n", 0, bad.start()),
            )
        lines = tuple(line.rstrip("\r") for line in content.split("\n"))
        max_lines, width, repeats = FIELDS[tag]
        if len(lines) > max_lines:
            raise MessageError(name, f"field :{tag}: has {len(lines)} lines; the format allows {max_lines}", line)
        for n, text in enumerate(lines):
            if len(text) > width:
                raise MessageError(
                    name, f"field :{tag}: line {n + 1} has {len(text)} characters; the format allows {width}", line + n
                )
        if tag in fields and not repeats:
            raise MessageError(name, f"field :{tag}: appears twice", line)
        if tag in fields:  # repeatable fields are kept together
            fields[tag] = Field(tag, fields[tag].lines + lines, fields[tag].line)
        else:
            fields[tag] = Field(tag, lines, line)
    present = {tag[:2] if tag[:2] in ("50", "59") else tag for tag in fields}
    for key, label in MANDATORY.items():
        if key not in present:
            raise MessageError(name, f"mandatory field {label} is missing")
    return fields


class _Reader:
    def __init__(self, name: str, fields: dict[str, Field]):
        self.name, self.fields = name, fields

    def message(self, blocks: dict[str, str]) -> PaymentMessage:
        reference = self.fields["20"].lines[0].strip()
        if not reference or reference.startswith("/") or reference.endswith("/") or "//" in reference:
            raise MessageError(
                self.name,
                f"field :20: reference {reference!r} may not be empty, start or end with '/' or contain '//'",
                self.fields["20"].line,
            )
        sender, receiver = _addresses(blocks)
        parties = [Party(INSTRUCTING_AGENT, "block 1/2 sender", bic=sender, person=False)] if sender else []
        parties += [Party(INSTRUCTED_AGENT, "block 2 receiver", bic=receiver, person=False)] if receiver else []
        parties += [self.party(f) for tag, f in self.fields.items() if tag[:2] in ROLES and tag != "51A"]
        if "51A" in self.fields and not sender:
            parties.append(self.party(self.fields["51A"]))
        self.regulatory_countries(parties)
        value_date, currency, amount = self.value_date_amount()
        uetr = check_uetr(self.name, "block 3 field 121 (UETR)", _user_header(blocks.get("3", "")).get("121"))
        free_text = tuple(
            FreeText(f":{tag}:", " ".join(line.strip() for line in self.fields[tag].lines))
            for tag in FREE_TEXT_FIELDS
            if tag in self.fields
        )
        transaction = Transaction(
            uetr or reference, amount, currency, tuple(parties), free_text, None, uetr, value_date
        )
        return PaymentMessage("MT103", "MT103", reference, check_sender(self.name, sender or ""), (transaction,))

    def value_date_amount(self) -> tuple[str, str, Decimal]:
        field = self.fields["32A"]
        match = re.fullmatch(r"(\d{2})(\d{2})(\d{2})([A-Z]{3})(.+)", field.lines[0])
        if not match:
            raise MessageError(
                self.name, f"field :32A: {field.lines[0]!r} is not YYMMDD + currency + amount", field.line
            )
        yy, mm, dd, currency, amount = match.groups()
        if not (1 <= int(mm) <= 12 and 1 <= int(dd) <= 31):
            raise MessageError(self.name, f"field :32A: date {yy}{mm}{dd} is not a valid YYMMDD date", field.line)
        return f"20{yy}-{mm}-{dd}", currency, self.amount(amount, field)

    def amount(self, text: str, field: Field) -> Decimal:
        match = _AMOUNT.match(text)
        if not match:
            raise MessageError(
                self.name,
                f"field :{field.tag}: amount {text!r} must be digits with a decimal comma, e.g. 1250,00",
                field.line,
            )
        return Decimal(f"{match.group(1)}.{match.group(2) or '0'}")

    def party(self, field: Field) -> Party:
        lines = list(field.lines)
        role, option, where = ROLES[field.tag[:2]], field.tag[2:], f":{field.tag}:"
        account = None
        if lines and lines[0].startswith("/") and option != "F":
            account = lines.pop(0).lstrip("/").split("/")[-1] or None
        if option == "C":
            return Party(role, where, account=account, person=False)
        if option == "A":
            bic = lines[0].strip() if lines else ""
            if not _BIC.match(bic):
                raise MessageError(
                    self.name,
                    f"field {where} {bic!r} is not a BIC (4 letters bank, 2 country, 2 location, optional 3 branch)",
                    field.line,
                )
            return Party(role, where, bic=bic, account=account, person=False)
        if option == "F":
            return self.structured_party(field, role, where)
        name = lines[0].strip() if lines else None
        rest = tuple(line.strip() for line in lines[1:] if line.strip())
        address = PostalAddress(lines=rest) if len(lines) > 1 else None
        return Party(role, where, name, address, account=account, person=None if role in (DEBTOR, CREDITOR) else False)

    def structured_party(self, field: Field, role: str, where: str) -> Party:
        """Options 50F/59F: an identifier line, then numbered lines 1/ name, 2/ address, 3/ country/town, ..."""
        lines = list(field.lines)
        account, ids = None, []
        if lines and not re.match(r"^\d/", lines[0]):
            first = lines.pop(0)
            if first.startswith("/"):
                account = first[1:]
            else:
                ids.append(first)
        names, address_lines, country, town, birth_date = [], [], None, None, None
        for n, line in enumerate(lines):
            match = re.match(r"^([1-8])/(.*)$", line)
            if not match or (field.tag == "59F" and match.group(1) not in "123"):
                raise MessageError(
                    self.name,
                    f"field {where} line {n + 2} {line!r} is not a numbered line "
                    f"({'1/, 2/ or 3/' if field.tag == '59F' else '1/ to 8/'})",
                    field.line + n + 1,
                )
            number, value = match.group(1), match.group(2).strip()
            if number in "18":
                names.append(value)
            elif number == "2":
                address_lines.append(value)
            elif number == "3":
                parts = value.split("/", 1)
                if not re.fullmatch(r"[A-Z]{2}", parts[0]):
                    raise MessageError(
                        self.name,
                        f"field {where} line 3/ must start with an ISO country code, got {value!r}",
                        field.line + n + 1,
                    )
                country, town = parts[0].lower(), (parts[1].strip() if len(parts) > 1 else town)
            elif number == "4" and re.fullmatch(r"\d{8}", value):
                birth_date = f"{value[:4]}-{value[4:6]}-{value[6:]}"
            else:
                ids.append(value)
        address = PostalAddress(country, town, tuple(address_lines)) if country or town or address_lines else None
        return Party(
            role,
            where,
            " ".join(names) or None,
            address,
            account=account,
            ids=tuple(ids),
            person=True if birth_date else None,
            birth_date=birth_date,
        )

    def regulatory_countries(self, parties: list[Party]) -> None:
        """77B /ORDERRES/CC// and /BENEFRES/CC// give the residence of ordering and beneficiary customer."""
        if "77B" not in self.fields:
            return
        text = "".join(self.fields["77B"].lines)
        for code, country in _REGULATORY_COUNTRY.findall(text):
            role = DEBTOR if code == "ORDERRES" else CREDITOR
            for n, party in enumerate(parties):
                if party.role == role and not (party.address and party.address.country):
                    parties[n] = replace(
                        party, address=replace(party.address or PostalAddress(), country=country.lower())
                    )


def _addresses(blocks: dict[str, str]) -> tuple[str | None, str | None]:
    """Sender and receiver BICs from the basic and application headers (input or output message)."""
    basic, application = blocks.get("1", ""), blocks.get("2", "")
    own = _bic(basic[3:15]) if len(basic) >= 15 else None
    if application.startswith("I") and len(application) >= 16:
        return own, _bic(application[4:16])
    if application.startswith("O") and len(application) >= 36:
        return _bic(application[14:26]), own  # the MIR carries the sender's address
    return own, None


def _bic(logical_terminal: str) -> str | None:
    """A 12-character logical terminal address is BIC8 + terminal code + branch."""
    bic = logical_terminal[:8] + logical_terminal[9:12]
    bic = bic[:8] if bic.endswith("XXX") else bic
    return bic if _BIC.match(bic) else None


def _user_header(block: str) -> dict[str, str]:
    return dict(re.findall(r"\{(\w{3}):([^}]*)\}", block))
