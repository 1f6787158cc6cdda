"""The hash-chained audit log on SQLite (and PostgreSQL when MAGNITSKY_TEST_POSTGRES_URL is set)."""

import json
import threading

import pytest
from sqlalchemy import delete, insert, select, update

from magnitsky.api.audit import AuditWriter
from magnitsky.store.audit import GENESIS, AuditLog, record_hash
from magnitsky.store.checkpoints import CheckpointSigner, verify_anchored
from magnitsky.store.database import open_database
from magnitsky.store.schema import audit_head, audit_log


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


# -- anchoring: signed checkpoints of the head, kept outside the database --------------------------


def _rechain(log, since: int) -> None:
    """What someone with write access to the database can do: recompute every hash from ``since``
    on (after editing a record) and move the head, so that the chain is consistent again."""
    with log.engine.begin() as conn:
        rows = list(conn.execute(audit_log.select().where(audit_log.c.seq >= since).order_by(audit_log.c.seq)))
        prev = conn.execute(select(audit_log.c.hash).where(audit_log.c.seq == since - 1)).scalar() or GENESIS
        for row in rows:
            digest = record_hash(prev, row.seq, row.at, row.actor, row.action, row.subject, row.details)
            conn.execute(update(audit_log).where(audit_log.c.seq == row.seq).values(prev_hash=prev, hash=digest))
            prev = digest
        last = rows[-1].seq if rows else since - 1
        conn.execute(update(audit_head).values(seq=last, hash=prev))


@pytest.fixture
def signer(tmp_path):
    return CheckpointSigner(tmp_path / "home")


def test_cut_tail_with_the_head_moved_back_is_found_by_the_checkpoint(log, signer):
    fill(log)
    signer.write(log.engine)
    with log.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 5))
    _rechain(log, 5)  # the head now points at record 4: the chain alone is consistent
    assert log.verify().ok
    result = verify_anchored(log, signer)
    assert not result.ok and result.problem == "records after 4 were deleted: a signed checkpoint vouches for record 5"


def test_a_rewritten_and_recomputed_chain_is_found_by_the_checkpoint(log, signer):
    fill(log)
    signer.write(log.engine)
    with log.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(details='{"decision":"true_match","n":1}'))
    _rechain(log, 2)
    assert log.verify().ok
    assert verify_anchored(log, signer).problem == (
        "record 5 differs from its signed checkpoint (the chain was rewritten and recomputed)"
    )


def test_an_emptied_trail_is_found_by_the_checkpoint(log, signer):
    fill(log)
    signer.write(log.engine)
    with log.engine.begin() as conn:
        conn.execute(delete(audit_log))
        conn.execute(update(audit_head).values(seq=0, hash=GENESIS))
    assert log.verify().ok and log.verify().records == 0
    assert verify_anchored(log, signer).problem == (
        "records after 0 were deleted: a signed checkpoint vouches for record 5"
    )


def test_a_missing_or_duplicated_head_is_a_finding_not_a_crash(log):
    fill(log, 2)
    with log.engine.begin() as conn:
        conn.execute(insert(audit_head).values(id=2, seq=2, hash="f" * 64))
    assert log.verify().problem == "the chain head row is there 2 times (table audit_head was altered)"
    with log.engine.begin() as conn:
        conn.execute(delete(audit_head))
    assert log.verify().problem == "the chain head row is missing (table audit_head was altered)"


def test_an_intact_trail_matches_its_checkpoints(log, signer):
    fill(log, 3)
    signer.write(log.engine)
    fill(log, 2)
    signer.write(log.engine)
    result = verify_anchored(log, signer)
    assert result.ok and result.records == 5 and result.checkpoints == 2
    assert (signer.folder / "checkpoint.key").stat().st_mode & 0o777 == 0o600


def test_verify_against_an_external_checkpoint_survives_the_local_ones_being_removed(log, signer, tmp_path):
    fill(log)
    kept_elsewhere = tmp_path / "elsewhere.jsonl"
    kept_elsewhere.write_text(signer.write(log.engine).to_line() + "\n")
    signer.file.unlink()  # the local checkpoints are gone too
    with log.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq >= 4))
    _rechain(log, 4)
    assert verify_anchored(log, signer).ok  # nothing local left to catch it
    result = verify_anchored(log, signer, kept_elsewhere)
    assert result.problem == "records after 3 were deleted: a signed checkpoint vouches for record 5"


def test_a_forged_or_garbled_checkpoint_is_a_one_line_finding(log, signer, tmp_path):
    fill(log)
    genuine = signer.write(log.engine)
    forged = tmp_path / "forged.jsonl"
    forged.write_text(genuine.to_line().replace(genuine.hash, "0" * 64) + "\n")
    assert verify_anchored(log, signer, forged).problem == (
        f"{forged}: the checkpoint at record 5 ({genuine.at}) does not verify: altered, or signed by another key"
    )
    garbled = tmp_path / "garbled.jsonl"
    garbled.write_text("not json\n")
    assert verify_anchored(log, signer, garbled).problem == (
        f"{garbled}, line 1: not a checkpoint (expected a JSON line with seq, hash, at, signature)"
    )


def test_the_service_writer_checkpoints_every_n_records(log, signer):
    writer = AuditWriter(log.engine, signer, every=3)
    for i in range(7):
        writer.append("api:k", "match", "apikey:k", {"n": i})
    assert [c.seq for c in signer.saved()] == [3, 6]
    assert verify_anchored(log, signer).ok


def test_cli_checkpoint_and_verify_against(database_url, tmp_path):
    from typer.testing import CliRunner

    from magnitsky.cli import app

    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere.jsonl"

    def run(*args):
        return CliRunner().invoke(app, ["--home", str(home), "--db", database_url, *args])

    log = AuditLog(open_database(database_url))
    fill(log)
    made = run("audit", "checkpoint", "--out", str(elsewhere))
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["seq"] == 5 and elsewhere.read_text() == made.stdout
    assert run("audit", "public-key").stdout.startswith("-----BEGIN PUBLIC KEY-----")
    assert "matches 1 signed checkpoints" in run("audit", "verify", "--against", str(elsewhere)).stdout
    with log.engine.begin() as conn:
        conn.execute(delete(audit_log))
        conn.execute(update(audit_head).values(seq=0, hash=GENESIS))
    broken = run("audit", "verify", "--against", str(elsewhere))
    assert broken.exit_code == 1 and "Traceback" not in broken.output
    assert broken.output.strip().splitlines() == [
        "error: audit trail broken: records after 0 were deleted: a signed checkpoint vouches for record 5"
    ]
    log.engine.dispose()
