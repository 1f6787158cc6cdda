"""Server time of the alerts desk's pages on a store of 100,000 alerts, against the JSON API on
the same store in the same run.

The store holds the bundled lists, 100,000 alerts on real entries of them with a realistic
spread (most decided, a quarter open, some in review, escalated or awaiting approval; raised by
screening, monitoring, payments and visas; scores from 0.85 to 1; raised over the last 180
days; one in twenty raised again for a pair seen before), their customers, and the audit chain
recording each alert's opening and decision, all written in bulk. The app is the one
``magnitsky serve`` runs, driven in process; an ASGI wrapper times each request from its first
byte in to its last byte out (server time: no network, no client).

    python bench/web_pages.py [--alerts 100000] [--repeat 300] [--db URL]

Prints one table: p50 and p99 in milliseconds per page, with the API's answer for the same
alerts as the baseline.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert, select, update

from common import print_table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from api_support import load_bundled  # noqa: E402
from magnitsky.api.app import create_app  # noqa: E402
from magnitsky.api.keys import Role  # noqa: E402
from magnitsky.cases import Users  # noqa: E402
from magnitsky.cases.schema import alerts, customers  # noqa: E402
from magnitsky.settings import ScreeningSettings, ServiceSettings, Settings, StoreSettings  # noqa: E402
from magnitsky.store.audit import record_hash  # noqa: E402
from magnitsky.store.schema import audit_head, audit_log  # noqa: E402
from reviewers import PASSWORD, enrol  # noqa: E402

STATES = [("decided", 60), ("open", 25), ("in_review", 7), ("escalated", 3), ("awaiting_approval", 3), ("closed", 2)]
ORIGINS = [("screening", 70), ("monitoring", 20), ("payment", 6), ("visa", 4)]
EXPLANATION = {
    "name": {
        "kind": "alias",
        "list": "Dmitriy KLYUYEV",
        "query": "KLIUEV DMITRII",
        "score": 0.9768,
        "tokens": [
            {"how": "exact", "list": "dmitry", "query": "dmitry", "similarity": 1.0},
            {"how": "transliteration", "list": "klyuyev", "query": "kliuev", "similarity": 0.96},
        ],
        "unmatched_list": [],
        "unmatched_query": [],
    },
    "evidence": [{"detail": "same date: 1967-08-10 vs listed 1967-08-10", "effect": 0.014, "feature": "birth_date"}],
    "schema": "Person",
}
BATCH = 5000
ACTIVE = {"open", "in_review", "escalated", "awaiting_approval"}


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def fill(engine, count: int, entities: list[tuple[str, str, str]], rng: random.Random) -> None:
    """``count`` alerts, their customers and the audit records of their opening and decision."""
    now = datetime.now(UTC)
    customer_count = max(count * 6 // 10, 1)
    explanation = json.dumps(EXPLANATION, sort_keys=True, separators=(",", ":"))
    with engine.begin() as conn:
        for start in range(0, customer_count, BATCH):
            conn.execute(
                insert(customers),
                [
                    {
                        "id": f"C{n:07}",
                        "schema": "Person",
                        "caption": f"Customer {n}",
                        "properties": json.dumps({"name": [f"Customer {n}"], "birthDate": ["1967-08-10"]}),
                        "fingerprint": hashlib.sha256(str(n).encode()).hexdigest(),
                        "source_file": "bench.csv",
                        "imported_at": now,
                        "updated_at": now,
                    }
                    for n in range(start, min(start + BATCH, customer_count))
                ],
            )
    rows, records = [], []
    active: set[tuple[str, str]] = set()  # at most one undecided alert per pair (uq_alerts_active)
    raised = sorted(now - timedelta(days=rng.random() ** 2 * 180) for _ in range(count))  # recent more than old
    for n, created in enumerate(raised):
        if n > 100 and rng.random() < 0.05:  # raised again: a pair seen before
            earlier = rows[rng.randrange(n)]
            subject, (entity_id, caption, version) = earlier["subject_id"], earlier["entity"]
        else:
            subject, (entity_id, caption, version) = f"C{rng.randrange(customer_count):07}", rng.choice(entities)
        state = pick(rng, STATES)
        if state in ACTIVE and (subject, entity_id) in active:
            state = "decided"
        if state in ACTIVE:
            active.add((subject, entity_id))
        decided = state in ("decided", "awaiting_approval")
        decision = rng.choice(["true_match", "false_positive", "false_positive"]) if decided else None
        decided_at = created + timedelta(hours=rng.expovariate(1 / 20)) if decided else None
        rows.append(
            {
                "origin": pick(rng, ORIGINS),
                "subject_kind": "customer",
                "subject_id": subject,
                "subject_caption": f"Customer {subject[1:]}",
                "subject_fingerprint": "f" * 64,
                "entity_id": entity_id,
                "entity_caption": caption,
                "entity_fingerprint": "e" * 64,
                "list_version": version,
                "score": round(0.85 + rng.random() ** 2 * 0.15, 4),
                "explanation": explanation,
                "state": state,
                "decision": decision,
                "decided_by": "ana" if decided else None,
                "decided_at": decided_at,
                "rationale": "checked the birth date" if decided else None,
                "created_at": created,
                "updated_at": decided_at or created,
                "version": 2 if decided else 1,
                "entity": (entity_id, caption, version),
            }
        )
    for alert_id, row in enumerate(rows, start=1):
        records.append((row["created_at"], "bench", "alert.open", f"alert:{alert_id}", {"score": row["score"]}))
        if row["decided_at"]:
            details = {"decision": row["decision"], "rationale": row["rationale"]}
            records.append((row["decided_at"], "ana", "alert.decide", f"alert:{alert_id}", details))
    records.sort(key=lambda r: r[0])
    with engine.begin() as conn:
        for start in range(0, len(rows), BATCH):
            conn.execute(
                insert(alerts), [{k: v for k, v in r.items() if k != "entity"} for r in rows[start : start + BATCH]]
            )
        chain(conn, records)


def chain(conn, records: list) -> None:
    """Append ``records`` to the audit log as AuditLog.append would, hashes and head included."""
    seq, prev = conn.execute(select(audit_head.c.seq, audit_head.c.hash)).one()
    batch = []
    for at, actor, action, subject, details in records:
        seq += 1
        text = json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        stamp = at.isoformat(timespec="microseconds")
        digest = record_hash(prev, seq, stamp, actor, action, subject, text)
        batch.append(
            {
                "seq": seq,
                "at": stamp,
                "actor": actor,
                "action": action,
                "subject": subject,
                "details": text,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
        if len(batch) == BATCH:
            conn.execute(insert(audit_log), batch)
            batch = []
    if batch:
        conn.execute(insert(audit_log), batch)
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=prev))


class Timed:
    """ASGI wrapper: the server time of each request, from the first message in to the last out."""

    def __init__(self, app):
        self.app = app
        self.times: list[float] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()

        async def sending(message):
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self.times.append(time.perf_counter() - started)

        await self.app(scope, receive, sending)


def measure(client: TestClient, timed: Timed, paths: list[str], repeat: int, headers=None) -> tuple[float, float]:
    """p50 and p99 server milliseconds of GET ``paths`` (taken in turn), after a warm-up."""
    for path in paths[:10]:
        assert client.get(path, headers=headers).status_code == 200, path
    timed.times.clear()
    for i in range(repeat):
        answer = client.get(paths[i % len(paths)], headers=headers)
        assert answer.status_code == 200, (paths[i % len(paths)], answer.status_code)
    cut = statistics.quantiles(timed.times, n=100, method="inclusive")
    return statistics.median(timed.times) * 1000, cut[98] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alerts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--db", help="database URL (default: SQLite in a temporary directory)")
    args = parser.parse_args()
    rng = random.Random(18)
    with tempfile.TemporaryDirectory() as work:
        home = Path(work)
        url = args.db or f"sqlite:///{home / 'magnitsky.db'}"
        started = time.perf_counter()
        store = load_bundled(url)
        entities = [(f"{e.source}:{e.source_id}", e.names[0].full, f"{e.source}:1") for e in store.entities()]
        fill(store.engine, args.alerts, entities, rng)
        filled = time.perf_counter() - started
        users = Users(store.engine)
        enrol(users, "ana", "analyst")
        store.engine.dispose()
        settings = Settings(
            StoreSettings(home, url),
            ScreeningSettings(),
            ServiceSettings(reload_poll_seconds=0, secure_cookies=False),
        )
        app = create_app(settings)
        key = app.state.keys.create("bench", Role.ANALYST, "bench", rate=1e9)[1]
        timed = Timed(app)
        with TestClient(timed) as client:  # type: ignore[arg-type]
            assert app.state.holder.wait(600)  # the index is built: nothing else competes for the CPU
            sign_in(client)
            api = {"Authorization": f"ApiKey {key}"}
            last = args.alerts
            ids = [rng.randrange(1, last + 1) for _ in range(200)]
            deep = [rng.randrange(last * 9 // 10, last - 100) for _ in range(50)]
            cases = [
                ("alert queue, first page", ["/ui/alerts?state=any"], None),
                ("alert queue, undecided (default)", ["/ui/alerts"], None),
                (
                    "alert queue, filtered (screening, score >= 0.95, newer than 30 days)",
                    ["/ui/alerts?origin=screening&min_score=0.95&newer_than=30"],
                    None,
                ),
                (
                    "alert queue, deep page (keyset, past 90 % of the alerts)",
                    [f"/ui/alerts?state=any&after={d}" for d in deep],
                    None,
                ),
                ("alert page", [f"/ui/alerts/{i}" for i in ids], None),
                ("baseline: API GET /cases/alerts, first page", ["/cases/alerts?limit=50"], api),
                (
                    "baseline: API GET /cases/alerts, deep page (offset)",
                    [f"/cases/alerts?limit=50&offset={d}" for d in deep],
                    api,
                ),
                ("baseline: API GET /cases/alerts/{id}", [f"/cases/alerts/{i}" for i in ids], api),
            ]
            rows = []
            for label, paths, headers in cases:
                p50, p99 = measure(client, timed, paths, args.repeat, headers)
                rows.append([label, p50, p99])
    print(f"{args.alerts} alerts filled in {filled:.1f} s ({'SQLite' if not args.db else args.db.split(':')[0]})")
    print_table(
        f"Server time per request, ms ({args.repeat} requests each, in process)",
        ["request", "p50 ms", "p99 ms"],
        rows,
    )


def sign_in(client: TestClient) -> None:
    page = client.get("/ui/sign-in").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token
    answer = client.post(
        "/ui/sign-in",
        data={"name": "ana", "password": PASSWORD, "csrf": token[1], "next": "/ui/"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


if __name__ == "__main__":
    main()
