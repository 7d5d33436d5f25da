"""The polite HTTP client, driven through httpx.MockTransport with a real recorded payload as the body."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from ingest.errors import SourceError
from ingest.http import USER_AGENT, HttpFetcher
from tests.ingest_helpers import FIXTURES

# A real GLEIF response (see its ORIGIN.md); its content does not matter here, only that it is real JSON.
BODY = json.loads((FIXTURES / "payloads" / "gleif" / "lei_record_549300YX4S1LLSMK2627.json").read_text())
URL = "https://api.gleif.org/api/v1/lei-records/549300YX4S1LLSMK2627"


class Script:
    """Answers requests with a scripted list of (status, headers), recording what was asked."""

    def __init__(self, *answers: tuple[int, dict[str, str]]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status, headers = self.answers.pop(0)
        return httpx.Response(status, headers=headers, json=BODY if status == 200 else {"errors": []})


def fetcher(script: Script, tmp_path: Path | None = None, sleeps: list[float] | None = None) -> HttpFetcher:
    record = sleeps if sleeps is not None else []
    return HttpFetcher(
        "gleif",
        tmp_path,
        min_interval=0.0,
        backoff=0.5,
        transport=httpx.MockTransport(script),
        sleep=record.append,
    )


def test_json_comes_back_and_the_user_agent_names_the_project() -> None:
    script = Script((200, {}))
    assert fetcher(script).get_json(URL, {"a": "1"}) == BODY
    assert script.requests[0].headers["User-Agent"] == USER_AGENT
    assert script.requests[0].url.params["a"] == "1"


def test_retry_after_is_honoured_on_429_and_503() -> None:
    sleeps: list[float] = []
    script = Script((429, {"Retry-After": "7"}), (503, {}), (200, {}))
    assert fetcher(script, sleeps=sleeps).get_json(URL) == BODY
    assert len(script.requests) == 3
    assert sleeps == [7.0, 1.0]  # Retry-After when given, else exponential backoff (0.5 * 2**1)


def test_401_and_403_stop_the_source_with_a_clear_message() -> None:
    for status in (401, 403):
        with pytest.raises(SourceError, match=f"refused access \\(HTTP {status}\\)"):
            fetcher(Script((status, {}))).get_json(URL)


def test_persistent_server_errors_give_up_after_the_retries() -> None:
    script = Script(*[(500, {})] * 6)
    with pytest.raises(SourceError, match="HTTP 500"):
        fetcher(script).get_json(URL)
    assert len(script.requests) == 6


def test_an_unreachable_host_is_a_source_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = HttpFetcher(
        "gleif", None, min_interval=0.0, retries=2, transport=httpx.MockTransport(refuse), sleep=lambda s: None
    )
    with pytest.raises(SourceError, match="unreachable after 3 tries"):
        client.get_json(URL)


def test_responses_are_cached_on_disk_by_request(tmp_path: Path) -> None:
    script = Script((200, {}), (200, {}))
    first = fetcher(script, tmp_path)
    assert first.get_json(URL, {"page": 1}) == BODY
    again = fetcher(script, tmp_path)
    assert again.get_json(URL, {"page": 1}) == BODY
    assert again.cache_hits == 1 and len(script.requests) == 1
    again.post_json(URL, {"page": 2})  # another request: not from the cache
    assert len(script.requests) == 2


def test_the_rate_limit_spaces_requests() -> None:
    sleeps: list[float] = []
    script = Script((200, {}), (200, {}))
    client = HttpFetcher("gleif", None, min_interval=5.0, transport=httpx.MockTransport(script), sleep=sleeps.append)
    client.get_json(URL)
    client.get_json(URL)
    assert len(sleeps) == 1 and 4.0 < sleeps[0] <= 5.0


def test_404_is_a_distinct_error_and_headers_are_sent_but_not_cached(tmp_path: Path) -> None:
    from ingest.errors import ResourceMissing

    with pytest.raises(ResourceMissing, match="HTTP 404"):
        fetcher(Script((404, {}))).get_json(URL)
    script = Script((200, {}))
    fetcher(script, tmp_path).get_json(URL, headers={"subscription-key": "secret-1"})
    assert script.requests[0].headers["subscription-key"] == "secret-1"
    again = fetcher(script, tmp_path)
    assert again.get_json(URL, headers={"subscription-key": "secret-2"}) == BODY  # same request: from the cache
    assert len(script.requests) == 1
    assert not any("secret" in p.read_text() for p in tmp_path.rglob("*.json"))
