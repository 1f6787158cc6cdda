"""The hash-chained audit log on SQLite (and PostgreSQL when MAGNITSKY_TEST_POSTGRES_URL is set)."""

import threading

import pytest
from sqlalchemy import delete, update

from magnitsky.store.audit import AuditLog
from magnitsky.store.database import open_database
from magnitsky.store.schema import audit_log


@pytest.fixture
def log(database_url):
    engine = open_database(database_url)
    yield AuditLog(engine)
    engine.dispose()


def fill(log, n=5):
    for i in range(n):
        log.append(f"analyst{i % 2}", "alert.decide", f"alert:{i}", {"decision": "false_positive", "n": i})


def test_intact_chain_verifies(log):
    fill(log)
    result = log.verify()
    assert result.ok and result.records == 5 and result.problem is None
    records = list(log.records())
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in zip(records, records[1:]))


def test_edited_record_is_named(log):
    fill(log)
    with log.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(details='{"decision":"true_match","n":2}'))
    result = log.verify()
    assert not result.ok and result.problem == "record 3 was altered (its content does not match its hash)"


def test_deleted_record_is_named(log):
    fill(log)
    with log.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 2))
    assert log.verify().problem == "record 2 is missing (deleted); next is 3"


def test_deleted_tail_is_detected(log):
    fill(log)
    with log.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 5))
    assert log.verify().problem == "records after 4 were deleted (the chain head is at 5)"


def test_reordered_records_are_detected(log):
    fill(log)
    with log.engine.begin() as conn:  # swap the contents of records 2 and 3, keeping their seq
        rows = {r.seq: r for r in conn.execute(audit_log.select().where(audit_log.c.seq.in_([2, 3])))}
        for seq, other in ((2, 3), (3, 2)):
            values = {k: getattr(rows[other], k) for k in ("at", "actor", "action", "subject", "details", "hash")}
            conn.execute(update(audit_log).where(audit_log.c.seq == seq).values(prev_hash=f"tmp{seq}", **values))
        for seq, other in ((2, 3), (3, 2)):
            conn.execute(update(audit_log).where(audit_log.c.seq == seq).values(prev_hash=rows[other].prev_hash))
    assert log.verify().problem == "record 2 does not follow record 1 (reordered or inserted)"


def test_append_in_callers_transaction_rolls_back_with_it(log):
    fill(log, 2)
    with pytest.raises(RuntimeError):
        with log.engine.begin() as conn:
            log.append("analyst", "alert.decide", "alert:x", {}, conn=conn)
            raise RuntimeError("the decision failed")
    assert log.verify().ok and log.verify().records == 2


def test_concurrent_appenders_keep_one_chain(log):
    def worker(name):
        for i in range(10):
            log.append(name, "screen", f"q:{name}:{i}")

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = log.verify()
    assert result.ok and result.records == 40
