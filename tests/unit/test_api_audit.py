"""Audit lines are capped: large fields become their size and hash; a record of many fields keeps who and what."""

from __future__ import annotations

import hashlib
import json

from access.audit import MAX_LINE_BYTES, capped, digest_of, summarize_params, summarize_query

CORE = {"at": "2026-12-06T00:00:00Z", "request_id": "r1", "method": "POST", "path": "/v1/cypher", "status": 200,
        "duration_ms": 1.0, "key_id": "k1", "key_name": "alice", "role": "investigator", "outcome": "ok"}  # fmt: skip


def test_a_small_record_is_written_as_it_is() -> None:
    record = {**CORE, "query": {"q": "Zala Аэро"}}
    assert json.loads(capped(record)) == record and "Аэро" in capped(record)  # UTF-8 kept readable


def test_a_large_field_becomes_its_size_and_hash() -> None:
    blob = ["x" * 1000] * 60
    line = capped({**CORE, "rows": 3, "blob": blob})
    assert len(line.encode()) <= MAX_LINE_BYTES
    parsed = json.loads(line)
    assert parsed["rows"] == 3 and parsed["key_id"] == "k1"
    canonical = json.dumps(blob, separators=(",", ":"), sort_keys=True).encode()
    assert parsed["blob"] == {
        "summarized": True,
        "bytes": len(canonical),
        "sha256": hashlib.sha256(canonical).hexdigest(),
    }


def test_many_medium_fields_leave_who_and_what() -> None:
    record = {**CORE, **{f"f{i}": "y" * 900 for i in range(100)}}
    parsed = json.loads(capped(record))
    assert parsed["truncated"] is True and parsed["record"]["bytes"] > 90_000
    assert {k: parsed[k] for k in CORE} == CORE and "f1" not in parsed


def test_summaries_never_hold_values() -> None:
    query = "MATCH (o) WHERE o.secret = $s RETURN o " + "/* pad */" * 100
    summary = summarize_query(query)
    assert summary["text"] == query[:300] + "…" and summary["chars"] == len(query)
    assert summary["sha256"] == hashlib.sha256(query.encode()).hexdigest()
    params = {"s": "hunter2", "ids": [1, 2]}
    shown = summarize_params(params)
    assert shown["names"] == ["ids", "s"] and shown["count"] == 2 and "hunter2" not in json.dumps(shown)
    assert digest_of({"ids": [1, 2], "s": "hunter2"}) == {k: shown[k] for k in ("bytes", "sha256")}  # key order


def test_a_lone_surrogate_is_escaped_not_fatal() -> None:
    line = capped({**CORE, "params": summarize_params({"\ud800": 1})})
    assert line.isascii() and json.loads(line)["params"]["names"] == ["\ud800"]
