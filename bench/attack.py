"""The attack campaign of issue #22, repeatable: hostile inputs and faults against the command
line, the list parsers and a real ``magnitsky serve`` on 127.0.0.1, on SQLite and PostgreSQL.

    python bench/attack.py [--db postgresql+psycopg://...] [--quick]

For each database (SQLite in a temporary data directory always; PostgreSQL with ``--db`` or
``$MAGNITSKY_TEST_POSTGRES_URL``: its public schema is DROPPED first, so point it at a database
used only for this) the bundled lists are loaded, then every input of every category is tried
and judged against what it must give:

- ``error``: a clear error (exit code 1 or 2 and a message on stderr; HTTP 4xx with a detail) and
  the store exactly as before (``data lost`` otherwise);
- ``ok``: an answer (exit 0, HTTP 2xx), checked where the right answer is known.

A traceback on stderr (or in the server's log), an unexpected exit code, a 5xx: counted apart.
The table printed at the end has one row per category and database; ``tests/test_attack.py``
runs the ``--quick`` selection and asserts zero wrong answers, 5xx, tracebacks and data lost.
Exit status 1 when any of those is not zero.
"""

from __future__ import annotations

import argparse
import gc
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import SHARED_DATA, print_table
from magnitsky.cli import app
from magnitsky.data import default_lists

FIXTURES = ROOT / "tests" / "fixtures"
KLYUEV = "ofac_sdn:16399"
HEADER = ["category", "database", "inputs tried", "correct", "wrong answers", "5xx", "tracebacks", "data lost", "s"]


@dataclass
class Tally:
    category: str
    database: str
    tried: int = 0
    correct: int = 0
    wrong: int = 0
    server_errors: int = 0
    tracebacks: int = 0
    lost: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def row(self) -> list:
        return [
            self.category,
            self.database,
            self.tried,
            self.correct,
            self.wrong,
            self.server_errors,
            self.tracebacks,
            self.lost,
            round(self.seconds),
        ]

    def record(self, name: str, wrong: bool = False, server_error: bool = False, traceback: bool = False, lost=False):
        self.tried += 1
        self.wrong += wrong
        self.server_errors += server_error
        self.tracebacks += traceback
        self.lost += bool(lost)
        if wrong or server_error or traceback or lost:
            what = [w for w, flag in (("wrong", wrong), ("5xx", server_error), ("traceback", traceback)) if flag]
            what += [f"lost: {lost}"] if isinstance(lost, str) else (["lost"] if lost else [])
            self.failures.append(f"{self.category}/{self.database}: {name}: {', '.join(what)}")
        else:
            self.correct += 1


# -- the command line, in process (the console script's code path) -------------------------------


class Cli:
    def __init__(self, home: Path, url: str):
        self.home, self.url = home, url
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        result = self.runner.invoke(app, ["--home", str(self.home), "--db", self.url, *args], input=input)
        gc.collect()  # a command's engines, and their pooled connections, end with it as with its process
        return result

    def state(self) -> str:
        """What must survive a failed command: each source's current version and counts, and the
        audit trail's verdict on itself."""
        sources = json.loads(self("sources", "--json").stdout)
        return json.dumps([(s["source"], s["version"], s["entities"], s["sha256"]) for s in sources])


def traced(result) -> bool:
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    return crashed or "Traceback" in result.output or "Traceback" in (result.stderr or "")


def judge_cli(tally: Tally, cli: Cli, name: str, args: list[str], expect: str, check: Callable | None = None, **kw):
    """Run one hostile command and record how it went; ``check(result)`` says whether an ``ok``
    answer is the right one."""
    before = cli.state() if expect == "error" else None
    result = cli(*args, **kw)
    traceback = traced(result)
    if expect == "error":
        clear = result.exit_code in (1, 2) and bool(result.stderr.strip())
        after = cli.state()
        lost = "store changed by a failed command" if result.exit_code != 0 and after != before else False
        tally.record(name, wrong=not clear and not traceback, traceback=traceback, lost=lost)
    elif expect == "ok|error":  # an answer, or a clear refusal (a name too long to be one)
        right = (result.exit_code == 0 and (check is None or check(result))) or (
            result.exit_code in (1, 2) and bool(result.stderr.strip())
        )
        tally.record(name, wrong=not right and not traceback, traceback=traceback)
    else:
        right = result.exit_code == 0 and (check is None or check(result))
        tally.record(name, wrong=not right and not traceback, traceback=traceback)


# -- hostile list files ------------------------------------------------------------------------------

LIST_FIXTURES = [
    ("ofac_csv", default_lists()[0]),
    ("un_xml", default_lists()[1]),
    ("eu_xml", FIXTURES / "eu_xml" / "sample_eu.xml"),
    ("uk_xml", FIXTURES / "uk_xml" / "uk_sanctions_list_excerpt.xml"),
    ("ofsi_csv", FIXTURES / "ofsi_csv" / "conlist_excerpt_2020-04-27.csv"),
    ("canada_xml", FIXTURES / "canada_xml" / "sema_lmes_excerpt.xml"),
    ("ftm_json", FIXTURES / "ftm_json" / "entities.ftm.json"),
    ("ofac_xml", FIXTURES / "ofac_xml" / "sample_ofac_consolidated.xml"),
    ("ofac_advanced_xml", FIXTURES / "ofac_advanced_xml" / "sdn_advanced_excerpt.xml"),
    ("simple_csv", FIXTURES / "simple_csv" / "own_list.csv"),
]


def _copy(path: Path, work: Path, tag: str) -> Path:
    """A copy of ``path`` (with the companion files beside it) to spoil."""
    target = work / tag
    shutil.copytree(path.parent, target, dirs_exist_ok=True)
    return target / path.name


def truncated_lists(work: Path, quick: bool) -> Iterator[tuple[str, Path, str]]:
    """Each list cut off part way, mid-record (a download that stopped)."""
    for fmt, path in LIST_FIXTURES[:3] if quick else LIST_FIXTURES:
        data = path.read_bytes()
        for share in (0.5,) if quick else (0.3, 0.6, 0.95):
            cut = int(len(data) * share)
            while cut > 1 and data[cut - 1 : cut] in (b"\n", b">"):  # never at a record boundary
                cut -= 1
            copy = _copy(path, work, f"cut-{fmt}-{share}")
            copy.write_bytes(data[:cut])
            yield f"{fmt} cut at {share:.0%}", copy, fmt


def malformed_lists(work: Path, quick: bool) -> Iterator[tuple[str, Path, str | None]]:
    def file(tag: str, content: bytes, name: str = "list.csv") -> Path:
        folder = work / tag
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
        return folder / name

    sdn = default_lists()[0].read_bytes()
    un = default_lists()[1].read_bytes()
    yield "empty file", file("empty", b""), None
    yield "random bytes", file("random", os.urandom(4096)), None
    yield "NUL bytes in OFAC CSV", _spoil(default_lists()[0], work, "nul", sdn[:300] + b"\x00" * 50 + sdn[300:]), None
    yield "NUL bytes in UN XML", _spoil(default_lists()[1], work, "nulx", un[:500] + b"\x00" + un[500:]), None
    if quick:
        return
    yield "UTF-16 OFAC CSV", _spoil(default_lists()[0], work, "utf16", sdn.decode("utf-8").encode("utf-16")), None
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>'
        b"<FIRST_NAME>&lol3;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    yield "billion laughs XML", file("laughs", laughs, "consolidated.xml"), "un_xml"
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><CONSOLIDATED_LIST>'
        b"<INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&xxe;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
        b"</CONSOLIDATED_LIST>"
    )
    yield "external entity XML", file("xxe", xxe, "consolidated.xml"), "un_xml"
    yield "XML not a list", file("notalist", b"<html><body>404 Not Found</body></html>", "x.xml"), None
    yield "CSV header only", file("header", b"name,schema\n"), "simple_csv"
    yield "CSV, one huge line", file("huge", b"id,name\n1," + b"A" * 3_000_000 + b"\n"), "simple_csv"


def _spoil(path: Path, work: Path, tag: str, content: bytes) -> Path:
    copy = _copy(path, work, tag)
    copy.write_bytes(content)
    return copy


OWN_LIST_HEADER = (FIXTURES / "simple_csv" / "own_list.csv").read_text(encoding="utf-8").splitlines()[0]


def hostile_names() -> list[tuple[str, str]]:
    return [
        ("markup", "[bold red]Evil[/] <script>alert(1)</script>"),
        ("terminal escapes", "\x1b[31mRed\x1b[0m Name"),
        ("CSV formula", '=HYPERLINK("http://x","click")'),
        ("right-to-left override", "\u202eVELUYK YRTIMD"),
        ("zero-width joiners", "Dm\u200bitry\u200d Kl\u200cyuev"),
        ("combining marks", "Dmitry" + "\u0301" * 500 + " Klyuev"),
        ("emoji", "Dmitry \U0001f600 Klyuev"),
        ("long name", "Klyuev " * 2000),
    ]


def names_in_lists(cli: Cli, tally: Tally, work: Path, quick: bool) -> None:
    """Own-list rows with hostile names: kept verbatim (what the list says), shown and exported safely."""
    rows = hostile_names()[:3] if quick else hostile_names()
    columns = OWN_LIST_HEADER.split(",")
    lines = [OWN_LIST_HEADER]
    for number, (_, name) in enumerate(rows):
        values = {c: "" for c in columns} | {"id": f"H{number}", "schema": "Person", "name": name}
        lines.append(",".join('"' + values[c].replace('"', '""') + '"' for c in columns))
    path = work / "hostile_names.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = cli("load", str(path), "--format", "simple_csv", "--source", "attack_names")
    tally.record("load own list of hostile names", wrong=loaded.exit_code != 0, traceback=traced(loaded))
    for number, (label, name) in enumerate(rows):
        shown = cli("show", f"attack_names:H{number}", "--json")
        verbatim = shown.exit_code == 0 and json.loads(shown.stdout)["names"][0]["full"] == name.strip()
        tally.record(f"{label}: shown verbatim", wrong=not verbatim and not traced(shown), traceback=traced(shown))
    exported = cli("export", "--format", "csv", "--source", "attack_names")
    cells = [cell for line in exported.stdout.splitlines() for cell in line.split(",")]
    formula = any(cell.strip('"').startswith(("=", "+", "@")) for cell in cells)
    tally.record("CSV export neutralises formulas", wrong=formula, traceback=traced(exported))


# -- screening, dates, passports, payments ----------------------------------------------------------


def _matches(entity_id: str) -> Callable:
    def check(result) -> bool:
        found = json.loads(result.stdout)["matches"]
        return bool(found) and found[0]["entity_id"] == entity_id and found[0]["match"]

    return check


def _any_json(result) -> bool:
    json.loads(result.stdout)
    return True


def screening_queries(quick: bool) -> list[tuple[str, list[str], str, Callable | None]]:
    known = [
        ("ICAO spelling", ["KLIUEV DMITRII", "--dob", "1967"], "ok", _matches(KLYUEV)),
        ("Cyrillic", ["Клюев Дмитрий"], "ok", _matches(KLYUEV)),
        ("no-break space", ["KLIUEV\u00a0DMITRII", "--dob", "1967"], "ok", _matches(KLYUEV)),
        ("fullwidth letters", ["ＫＬＩＵＥＶ ＤＭＩＴＲＩＩ", "--dob", "1967"], "ok", _matches(KLYUEV)),
        ("zero-width space", ["KLIUEV\u200b DMITRII", "--dob", "1967"], "ok", _matches(KLYUEV)),
    ]
    odd = [(label, [name], "ok|error", _any_json) for label, name in hostile_names()]
    odd += [
        ("punctuation only", ["!!! ???"], "error", None),
        ("whitespace only", ["   "], "error", None),
        ("unknown schema", ["Klyuev", "--schema", "Spaceship"], "error", None),
    ]
    cases = known + odd
    return [
        (label, [*args, "--json"] if expect != "error" else args, expect, check)
        for label, args, expect, check in (cases[:4] + odd[-2:] if quick else cases)
    ]


IMPOSSIBLE_DATES = ["1967-02-30", "1967-13-01", "1967-00-10", "99999", "0000-01-01", "yesterday", "1967-1-1x"]


def bad_mrzs(quick: bool) -> Iterator[tuple[str, str]]:
    good = (FIXTURES / "mrz" / "klyuev_td3.txt").read_text(encoding="utf-8").strip().splitlines()
    yield "check digit changed", good[0] + "\n" + good[1][:9] + "9" + good[1][10:]
    yield "line too short", good[0] + "\n" + good[1][:-3]
    yield "empty", ""
    if quick:
        return
    yield "lower case", (good[0] + "\n" + good[1]).lower()
    yield "NUL byte", good[0] + "\n" + good[1][:5] + "\x00" + good[1][6:]
    yield "four lines", "\n".join([good[0], good[1], good[1], good[1]])
    yield "birth date 30 February", good[0] + "\n" + good[1][:13] + "670230" + good[1][19:]
    yield "10k characters", "<" * 10_000
    yield "markup", "[bold]P<RUS[/]\n" + good[1]


def bad_payments(quick: bool) -> Iterator[tuple[str, bytes]]:
    pacs = (FIXTURES / "payments" / "pacs008_clean.xml").read_bytes()
    mt103 = (FIXTURES / "payments" / "mt103_crimea.txt").read_bytes()
    yield "pacs.008 truncated", pacs[: len(pacs) // 2]
    yield "MT103 truncated", mt103[: len(mt103) // 2]
    yield "empty", b""
    if quick:
        return
    yield "not a payment", b"Hello, this is not a payment message.\n"
    yield (
        "pacs.008 with external entity",
        pacs.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1).replace(
            b"<Nm>", b"<Nm>&e;", 1
        ),
    )
    yield "pacs.008 amount not a number", _replace_amount(pacs)
    yield "MT103 date 30 February", mt103.replace(b":32A:", b":32A:230230", 1)
    yield "random bytes", os.urandom(2048)
    yield "MT103 with NUL bytes", mt103[:40] + b"\x00\x00" + mt103[40:]


def _replace_amount(pacs: bytes) -> bytes:
    start = pacs.index(b"<IntrBkSttlmAmt")
    close = pacs.index(b">", start) + 1
    end = pacs.index(b"</IntrBkSttlmAmt>", close)
    return pacs[:close] + b"12,34,56abc" + pacs[end:]


def enforcement(cli: Cli, tallies: dict[str, Tally], work: Path, quick: bool) -> None:
    screening = tallies["screening queries"]
    for label, args, expect, check in screening_queries(quick):
        judge_cli(screening, cli, label, ["screen", *args], expect, check)
    dates = tallies["impossible dates"]
    for value in IMPOSSIBLE_DATES[:3] if quick else IMPOSSIBLE_DATES:
        judge_cli(dates, cli, f"screen --dob {value}", ["screen", "Klyuev", "--dob", value], "error")
        judge_cli(dates, cli, f"visa --dob {value}", ["visa", "--surname", "Klyuev", "--dob", value], "error")
    mrz = tallies["passport MRZ"]
    judge_cli(mrz, cli, "valid TD3", ["visa", "--mrz", str(FIXTURES / "mrz" / "klyuev_td3.txt"), "--json"], "ok")
    for label, content in bad_mrzs(quick):
        path = work / f"mrz-{label}.txt"
        path.write_text(content, encoding="utf-8")
        judge_cli(mrz, cli, label, ["visa", "--mrz", str(path)], "error")
    payments = tallies["payment messages"]
    valid = FIXTURES / "payments" / "pacs008_clean.xml"
    judge_cli(payments, cli, "valid pacs.008", ["payment", str(valid), "--json"], "ok")
    for label, content in bad_payments(quick):
        path = work / f"payment-{label}.txt"
        path.write_bytes(content)
        judge_cli(payments, cli, label, ["payment", str(path)], "error")


def list_files(cli: Cli, tallies: dict[str, Tally], work: Path, quick: bool) -> None:
    for label, path, fmt in truncated_lists(work, quick):
        judge_cli(tallies["truncated list files"], cli, label, ["load", str(path), "--format", fmt], "error")
    for label, path, fmt in malformed_lists(work, quick):
        judge_cli(
            tallies["malformed list files"],
            cli,
            label,
            ["load", str(path), *(["--format", fmt] if fmt else [])],
            "error",
        )
    names_in_lists(cli, tallies["hostile names in lists"], work, quick)


# -- kill -9 during a load -------------------------------------------------------------------------


def kill_during_load(cli: Cli, tally: Tally, quick: bool) -> None:
    """SIGKILL a load of the full 2021 OFAC SDN file part way; the store must be as before, and
    (not ``quick``) a new load must then succeed with every entry."""
    big = SHARED_DATA / "ofac_sdn_2021" / "sdn.csv"
    command = [sys.executable, "-m", "magnitsky.cli", "--home", str(cli.home), "--db", cli.url, "load", str(big)]
    for delay in (2.0,) if quick else (1.0, 3.0, 6.0):
        before = cli.state()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        lost = cli.state() != before and child.returncode == -signal.SIGKILL
        tally.record(f"SIGKILL after {delay} s", lost="store changed by a killed load" if lost else False)
    if quick:
        return
    loaded = subprocess.run(command, capture_output=True, text=True)
    sources = {s["source"]: s for s in json.loads(cli("sources", "--json").stdout)}
    whole = loaded.returncode == 0 and sources.get("ofac_sdn", {}).get("entities", 0) > 5000
    tally.record("load after the kills", wrong=not whole, traceback="Traceback" in loaded.stderr)


# -- a real `magnitsky serve` ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(cli: Cli, log: Path) -> Iterator[tuple[int, str]]:
    created = cli("keys", "create", "attack", "--role", "screener")
    key = created.stdout.strip().split()[-1]
    port = _free_port()
    command = [sys.executable, "-m", "magnitsky.cli", "--home", str(cli.home), "--db", cli.url]
    command += ["serve", "--host", "127.0.0.1", "--port", str(port), "--poll", "0"]
    with open(log, "wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        for _ in range(600):
            try:
                if _request(port, "GET", "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None:
                raise RuntimeError(f"magnitsky serve exited: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.5)
        yield port, key
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()


def _request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read()
    except (ConnectionError, http.client.RemoteDisconnected):
        return 0, b""  # the server closed the connection: a refusal, not an answer
    finally:
        connection.close()


def _match(name) -> bytes:
    return json.dumps({"queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}}).encode()


def http_inputs(quick: bool) -> list[tuple[str, str, str, bytes | None, dict, str]]:
    """(label, method, path, body, extra headers, expect: ok | error)."""
    mrz = (FIXTURES / "mrz" / "klyuev_td3.txt").read_text(encoding="utf-8")
    klyuev = json.dumps({"queries": {"q": {"schema": "Person", "properties": {"name": ["Dmitry Klyuev"]}}}})
    cases = [
        ("valid /match", "POST", "/match/default", klyuev.encode(), {}, "ok"),
        ("malformed JSON", "POST", "/match/default", b'{"queries": {"q": ', {}, "error"),
        ("NUL in a name", "POST", "/match/default", _match("Dmitry\u0000Klyuev"), {}, "ok|error"),
        (
            "lone surrogate",
            "POST",
            "/match/default",
            b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["\\ud800"]}}}}',
            {},
            "error",
        ),
        ("oversized header", "GET", "/search/default?q=Klyuev", None, {"X-Filler": "a" * 100_000}, "error"),
        (
            "impossible birth date",
            "POST",
            "/match/default",
            json.dumps(
                {
                    "queries": {
                        "q": {
                            "schema": "Person",
                            "properties": {"name": ["Dmitry Klyuev"], "birthDate": ["1967-02-30"]},
                        }
                    }
                }
            ).encode(),
            {},
            "error",
        ),
        (
            "bad MRZ",
            "POST",
            "/screen/visa",
            json.dumps({"mrz": mrz.replace("6708102", "6708109")}).encode(),
            {},
            "error",
        ),
    ]
    if quick:
        return cases
    cases += [
        ("JSON array body", "POST", "/match/default", b"[1, 2, 3]", {}, "error"),
        ("deeply nested JSON", "POST", "/match/default", b"[" * 100_000 + b"]" * 100_000, {}, "error"),
        ("markup in a name", "POST", "/match/default", _match("[bold]<script>alert(1)</script>"), {}, "ok"),
        ("right-to-left override", "POST", "/match/default", _match("\u202eVELUYK YRTIMD"), {}, "ok"),
        ("100k-character name", "POST", "/match/default", _match("Klyuev " * 15_000), {}, "ok|error"),
        ("20 MB body", "POST", "/match/default", b'{"queries": {"q": "' + b"a" * 20_000_000 + b'"}}', {}, "error"),
        (
            "unknown schema",
            "POST",
            "/match/default",
            json.dumps({"queries": {"q": {"schema": "Spaceship", "properties": {"name": ["x"]}}}}).encode(),
            {},
            "error",
        ),
        ("1000 headers", "GET", "/search/default?q=Klyuev", None, {f"X-H{i}": "v" for i in range(1000)}, "error"),
        ("NUL in a search", "GET", "/search/default?q=Kly%00uev", None, {}, "ok|error"),
        ("odd entity id", "GET", "/entities/..%2F..%2Fetc%2Fpasswd", None, {}, "error"),
        ("valid MRZ", "POST", "/screen/visa", json.dumps({"mrz": mrz}).encode(), {}, "ok"),
        (
            "MRZ with NUL",
            "POST",
            "/screen/visa",
            json.dumps({"mrz": mrz[:10] + "\u0000" + mrz[11:]}).encode(),
            {},
            "error",
        ),
        (
            "truncated pacs.008",
            "POST",
            "/screen/payment",
            (FIXTURES / "payments" / "pacs008_clean.xml").read_bytes()[:700],
            {"Content-Type": "application/xml"},
            "error",
        ),
        ("not a payment", "POST", "/screen/payment", b"hello", {"Content-Type": "text/plain"}, "error"),
        ("wrong content type", "POST", "/match/default", klyuev.encode(), {"Content-Type": "text/plain"}, "ok|error"),
    ]
    return cases


def over_http(cli: Cli, tally: Tally, work: Path, quick: bool) -> None:
    log = work / "serve.log"
    with serving(cli, log) as (port, key):
        for label, method, path, body, headers, expect in http_inputs(quick):
            sent = {"Authorization": f"ApiKey {key}", "Content-Type": "application/json", **headers}
            status, answer = _request(port, method, path, body, sent)
            server_error = status >= 500
            refused = status == 0 or 400 <= status < 500
            if expect == "ok":
                right = 200 <= status < 300
            elif expect == "error":
                right = refused and (status == 0 or b"detail" in answer or status == 431 or status == 413)
            else:
                right = 200 <= status < 300 or refused
            tally.record(f"{label} -> {status}", wrong=not right and not server_error, server_error=server_error)
    tally.tracebacks += log.read_text(errors="replace").count("Traceback")
    if tally.tracebacks:
        tally.failures.append(f"{tally.category}/{tally.database}: tracebacks in the server log {log}")


# -- the campaign ----------------------------------------------------------------------------------

CATEGORIES = [
    "truncated list files",
    "malformed list files",
    "hostile names in lists",
    "screening queries",
    "impossible dates",
    "passport MRZ",
    "payment messages",
    "kill -9 during load",
    "HTTP (magnitsky serve)",
]


def empty_database(url: str) -> str:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


def campaign(database: str, url: str | None, work: Path, quick: bool) -> list[Tally]:
    """Every category against one database (``url`` None: SQLite in ``work``)."""
    home = work / "home"
    url = url or f"sqlite:///{home / 'magnitsky.db'}"
    home.mkdir(parents=True, exist_ok=True)
    cli = Cli(home, url)
    loaded = cli("load", *map(str, default_lists()))
    if loaded.exit_code != 0:
        raise RuntimeError(f"loading the bundled lists failed: {loaded.output}")
    tallies = {name: Tally(name, database) for name in CATEGORIES}
    steps = [
        (list_files, ["truncated list files", "malformed list files", "hostile names in lists"], (tallies, work)),
        (enforcement, ["screening queries", "impossible dates", "passport MRZ", "payment messages"], (tallies, work)),
        (over_http, ["HTTP (magnitsky serve)"], (tallies["HTTP (magnitsky serve)"], work)),
        (kill_during_load, ["kill -9 during load"], (tallies["kill -9 during load"],)),  # last: it grows the store
    ]
    for step, names, arguments in steps:
        started = time.perf_counter()
        step(cli, *arguments, quick)
        for name in names:  # a step's time, shared by its categories
            tallies[name].seconds = (time.perf_counter() - started) / len(names)
    return list(tallies.values())


def run(databases: dict[str, str | None], quick: bool = False) -> list[Tally]:
    tallies = []
    for database, url in databases.items():
        with tempfile.TemporaryDirectory(prefix=f"attack-{database}-") as work:
            tallies += campaign(database, empty_database(url) if url else None, Path(work), quick)
    return tallies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", help="PostgreSQL URL of a database used only for this (default: $MAGNITSKY_TEST_POSTGRES_URL)"
    )
    parser.add_argument("--quick", action="store_true", help="A few inputs per category (what the tests run).")
    args = parser.parse_args()
    databases: dict[str, str | None] = {"sqlite": None}
    if postgres := args.db or os.environ.get("MAGNITSKY_TEST_POSTGRES_URL"):
        databases["postgresql"] = postgres
    started = time.perf_counter()
    tallies = run(databases, args.quick)
    print_table(f"Attack campaign ({time.perf_counter() - started:.0f} s)", HEADER, [t.row() for t in tallies])
    failures = [f for t in tallies for f in t.failures]
    for failure in failures:
        print(f"  {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
