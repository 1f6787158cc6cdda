"""Reading pacs.008, pain.001 and MT103 into parties, amounts and free text; bad messages.

Fixtures: tests/fixtures/payments, written from the ISO 20022 message definitions and the SWIFT
MT103 specification (see SOURCE.md there).
"""

import re
import time
from decimal import Decimal

import pytest

from magnitsky.screening.payments import MessageError, parse_message
from magnitsky.screening.payments.parties import MAX_PARTIES
from payments_support import message


def test_pacs008_every_party_amount_ids_and_free_text():
    m = parse_message(message("pacs008_magnit_creditor.xml"))
    assert (m.type, m.version, m.message_id, m.sender) == (
        "pacs.008",
        "pacs.008.001.08",
        "DEUTDEFF-20261125-000417",
        "DEUTDEFF",
    )
    (tx,) = m.transactions
    assert (tx.amount, tx.currency, tx.value_date) == (Decimal("250000.00"), "EUR", "2026-11-25")
    assert (tx.id, tx.end_to_end_id) == ("8a562c67-ca16-48ba-b074-65581be6f011", "E2E-BTE-2026-118")
    roles = {p.role: p for p in tx.parties}
    assert set(roles) == {
        "instructing_agent",
        "instructed_agent",
        "intermediary_agent_1",
        "debtor",
        "debtor_agent",
        "creditor_agent",
        "creditor",
    }
    creditor = roles["creditor"]
    assert (creditor.name, creditor.person, creditor.birth_date) == ("Dmitry Vladislavovich Klyuev", True, "1967-08-10")
    assert (creditor.address.country, creditor.address.town, creditor.account) == ("at", "Wien", "AT611904300234573201")
    assert creditor.field == "CdtTrfTxInf[1]/Cdtr"
    debtor = roles["debtor"]
    assert debtor.lei == "529900T8BM49AURSDO55" and debtor.person is False
    assert debtor.address.lines == ("Grosse Elbstrasse", "145", "22767")
    assert (
        roles["creditor_agent"].name == "Raiffeisen Bank International AG" and roles["creditor_agent"].bic == "RZBAATWW"
    )
    assert [(f.field, f.text) for f in tx.free_text] == [
        ("CdtTrfTxInf[1]/RmtInf/Ustrd", "INVOICE 2026-118 CONSULTING SERVICES Q3"),
        ("CdtTrfTxInf[1]/Purp", "SCVE"),
    ]


def test_pacs008_old_version_reads_bic_element():
    m = parse_message(message("pacs008_clean.xml"))
    assert m.version == "pacs.008.001.02"
    agents = {p.role: p.bic for p in m.transactions[0].parties if p.bic}
    assert agents == {
        "instructing_agent": "BNPAFRPP",
        "instructed_agent": "INGBNL2A",
        "debtor_agent": "BNPAFRPP",
        "creditor_agent": "INGBNL2A",
    }


def test_pain001_payment_information_parties_apply_to_each_transaction():
    m = parse_message(message("pain001_remittance_mention.xml"))
    assert (m.type, m.message_id, m.sender) == ("pain.001", "NORDLICHT-PAY-20261126-01", "TXID:DE811907980")
    assert [t.id for t in m.transactions] == ["NL-0001", "NL-0002"]
    first, second = m.transactions
    assert first.amount == Decimal("18450.00") and first.value_date == "2026-11-26"
    for tx in (first, second):
        assert tx.party("debtor").name == "Nordlicht Maschinenbau AG"
        assert tx.party("initiating_party").ids == ("TXID:DE811907980",)
        assert tx.party("debtor_agent").bic == "COBADEFFXXX"
    assert "Dmitry Klyuev" in first.free_text[0].text
    assert second.party("creditor").name == "Transports Dubois SARL"


def test_mt103_blocks_fields_and_59f():
    m = parse_message(message("mt103_glomag_59f.txt"))
    assert (m.type, m.message_id, m.sender) == ("MT103", "REF20261125GM01", "BKAUATWW")
    (tx,) = m.transactions
    assert (tx.amount, tx.currency, tx.value_date, tx.uetr) == (
        Decimal("75000.00"),
        "USD",
        "2026-11-25",
        "e5b5b4c2-8d1c-4b44-9f1e-3a0c2f8e7d11",
    )
    creditor = tx.party("creditor")
    assert (creditor.field, creditor.name, creditor.account) == (":59F:", "DAN GERTLER", "IL620108000000099999999")
    assert (creditor.address.country, creditor.address.town, creditor.address.lines) == (
        "il",
        "BNEI BRAK",
        ("28 DANIEL STREET",),
    )
    debtor = tx.party("debtor")
    assert debtor.name == "ALPENLAND HANDELS GMBH" and debtor.address.lines == ("KAERNTNER RING 5", "1010 WIEN AUSTRIA")
    assert tx.party("instructed_agent").bic == "LUMIILIT" and tx.party("creditor_agent").bic == "LUMIILIT"
    assert [(f.field, f.text) for f in tx.free_text] == [(":70:", "/INV/2026-311 MINING EQUIPMENT")]


def test_mt103_50f_numbered_lines_and_77b_residence():
    text = (
        message("mt103_crimea.txt")
        .decode()
        .replace(
            ":50K:/DE89370400440532013000\r\nNORDSEE FISCHEREIBEDARF GMBH\r\nHAFENSTRASSE 7\r\n27568 BREMERHAVEN GERMANY",
            ":50F:/DE89370400440532013000\r\n1/PETROV IVAN\r\n2/HAFENSTRASSE 7\r\n3/DE/BREMERHAVEN\r\n4/19700101",
        )
        .replace(":71A:OUR", ":71A:OUR\r\n:77B:/BENEFRES/RU//")
    )
    tx = parse_message(text.encode()).transactions[0]
    debtor = tx.party("debtor")
    assert (debtor.name, debtor.address.country, debtor.address.town, debtor.birth_date, debtor.person) == (
        "PETROV IVAN",
        "de",
        "BREMERHAVEN",
        "1970-01-01",
        True,
    )
    assert tx.party("creditor").address.country == "ru"


def _mt(replace_from: str, replace_to: str) -> bytes:
    return message("mt103_glomag_59f.txt").decode().replace(replace_from, replace_to).encode()


@pytest.mark.parametrize(
    "data, expected",
    [
        (
            _mt(":33B:USD75000,00", ":33B:USD75000,00\r\n:99Z:SOMETHING"),
            r"line 6: unknown field :99Z: \(not an MT103 field\)",
        ),
        (_mt("{121:e5b5b4c2-", "{121:" + "9" * 40 + "e5b5b4c2-"), r"block 3 field 121 \(UETR\) '9999.*' is not a UETR"),
        (_mt("1/DAN GERTLER", "1/DAN GERTLER ÄÖ"), r"line 13: field :59F: has 'Ä', outside the SWIFT X character set"),
        (
            _mt(":32A:261125USD75000,00", ":32A:261125USD75000.00"),
            r"field :32A: amount '75000.00' must be digits with a decimal comma",
        ),
        (_mt(":71A:SHA\r\n", ""), "mandatory field 71A is missing"),
        (
            _mt(":70:/INV/2026-311 MINING EQUIPMENT", ":70:A\r\nB\r\nC\r\nD\r\nE"),
            r"field :70: has 5 lines; the format allows 4",
        ),
        (_mt(":57A:LUMIILIT", ":57A:LUMI"), r"field :57A: 'LUMI' is not a BIC"),
        (
            _mt("3/IL/BNEI BRAK", "4/IL/BNEI BRAK"),
            r"field :59F: line 4 '4/IL/BNEI BRAK' is not a numbered line \(1/, 2/ or 3/\)",
        ),
        (_mt(":52A:BKAUATWW", ":52A:BKAUATWW\r\n:52A:BKAUATWW"), r"field :52A: appears twice"),
        (message("mt103_glomag_59f.txt")[:300], r"block 4 is not closed"),
        (_mt("{2:I103", "{2:I202"), "says MT202; only MT103"),
        # A NUL in the receiver's address left the receiving bank unread, and so unscreened.
        (_mt("{2:I103", "{2:I103\x00\x00"), r"line 1: block 2 has '\\x00' at character \d+, outside the SWIFT X"),
        (_mt("{108:", "{108:\x07"), r"line 1: block 3 has '\\x07' at character \d+, outside the SWIFT X"),
    ],
)
def test_bad_mt103_names_field_and_line(data, expected):
    with pytest.raises(MessageError, match=expected):
        parse_message(data, "bad.txt")


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf><GrpHdr><MsgId>&lol3;</MsgId></GrpHdr></FIToFICstmrCdtTrf></Document>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf><GrpHdr><MsgId>&x;</MsgId></GrpHdr></FIToFICstmrCdtTrf></Document>"""


def _xml(name: str, old: str, new: str) -> bytes:
    return message(name).decode().replace(old, new).encode()


@pytest.mark.parametrize(
    "data, expected",
    [
        (BOMB, r"line 2: XML document type/entity declarations are not allowed"),
        (EXTERNAL, r"line 2: XML document type/entity declarations are not allowed"),
        (message("pacs008_magnit_creditor.xml")[:1500], r"malformed XML"),
        (b"", "message is empty"),
        (
            _xml("pacs008_magnit_creditor.xml", "<MsgId>DEUTDEFF-20261125-000417</MsgId>", ""),
            r"missing mandatory element GrpHdr/MsgId",
        ),
        (
            _xml("pacs008_magnit_creditor.xml", '<IntrBkSttlmAmt Ccy="EUR">250000.00</IntrBkSttlmAmt>', ""),
            r"missing mandatory element CdtTrfTxInf\[1\]/IntrBkSttlmAmt",
        ),
        (
            _xml("pacs008_magnit_creditor.xml", 'Ccy="EUR">250000.00', 'Ccy="EURO">250000.00'),
            r"CdtTrfTxInf\[1\]/IntrBkSttlmAmt: currency Ccy='EURO'",
        ),
        (
            _xml("pacs008_magnit_creditor.xml", 'Ccy="EUR">250000.00', 'Ccy="EUR">250,000.00'),
            r"amount '250,000.00' is not a decimal",
        ),
        (
            _xml("pacs008_magnit_creditor.xml", "<BirthDt>1967-08-10</BirthDt>", "<BirthDt>10.08.1967</BirthDt>"),
            r"BirthDt '10.08.1967' is not an ISO date",
        ),
        (
            _xml("pacs008_magnit_creditor.xml", "<Ctry>AT</Ctry>", "<Ctry>Austria</Ctry>"),
            r"Ctry 'Austria' is not an ISO 3166",
        ),
        (
            _xml("pacs008_magnit_creditor.xml", "DEUTDEFF-20261125-000417", "M" * 141),
            r"line 7: GrpHdr/MsgId has 141 characters; at most 35",
        ),
        (
            _xml(
                "pacs008_magnit_creditor.xml",
                "8a562c67-ca16-48ba-b074-65581be6f011",
                "8a562c67-ca16-48ba-b074-65581be6f011-1234567",
            ),
            r"CdtTrfTxInf\[1\]/PmtId/UETR '8a562c67-ca16-48ba-b074-65581be6f011-123...' is not a UETR",
        ),
        (
            _xml("pacs008_magnit_creditor.xml", "E2E-BTE-2026-118", "E" * 36),
            r"CdtTrfTxInf\[1\]/PmtId/EndToEndId has 36 characters; at most 35",
        ),
        (
            _xml("pacs008_magnit_creditor.xml", "pacs.008.001.08", "camt.053.001.08"),
            r"not a pacs.008 or pain.001 message: root element 'Document'",
        ),
        (
            _xml("pain001_remittance_mention.xml", "<Nm>Hotel Lutetia Paris SAS</Nm>", "")
            .replace(b"<Cdtr>", b"")
            .replace(b"</Cdtr>", b"")
            .replace(b"<PstlAdr><TwnNm>Paris", b"<Dbtr2><PstlAdr><TwnNm>Paris")
            .replace(b"Raspail</AdrLine></PstlAdr>", b"Raspail</AdrLine></PstlAdr></Dbtr2>"),
            r"missing mandatory element PmtInf\[1\]/CdtTrfTxInf\[1\]/Cdtr",
        ),
        (b"hello world", "neither ISO 20022 XML"),
    ],
)
def test_bad_xml_is_a_clear_error(data, expected):
    with pytest.raises(MessageError, match=expected):
        parse_message(data, "bad.xml")


def test_xml_bomb_is_refused_fast():
    start = time.perf_counter()
    with pytest.raises(MessageError):
        parse_message(BOMB.replace(b"&lol3;", b"&lol3;" * 1000))
    assert time.perf_counter() - start < 5  # generous: refusal happens before any expansion


def many_transactions(count: int) -> bytes:
    """A pacs.008 with ``count`` transactions of 7 parties each, from the MAGNIT fixture's layout."""
    text = message("pacs008_clean.xml").decode()
    head, rest = text.split("<CdtTrfTxInf>", 1)
    body, tail = rest.rsplit("</CdtTrfTxInf>", 1)
    copies = [
        re.sub(r"<TxId>[^<]+</TxId>", f"<TxId>TX-{n}</TxId>", body).replace(
            "Van der Berg Zuivel B.V.", f"Handelshuis {n:04d} B.V."
        )
        for n in range(count)
    ]
    return (head + "".join(f"<CdtTrfTxInf>{c}</CdtTrfTxInf>" for c in copies) + tail).encode()


def test_hundreds_of_parties_are_read():
    m = parse_message(many_transactions(100))
    assert len(m.transactions) == 100 and m.party_count == 600
    assert len({t.party("creditor").name for t in m.transactions}) == 100


def test_too_many_parties_is_refused_before_screening():
    with pytest.raises(MessageError, match=rf"parties; at most {MAX_PARTIES} per message \(split the batch\)"):
        parse_message(many_transactions(MAX_PARTIES // 6 + 1))
