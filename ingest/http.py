"""One polite HTTP client for every source: timeouts, retries with backoff, a rate limit, an on-disk cache.

Responses are cached on disk keyed by the request (method, URL, parameters, body), so an interrupted ingest
that is run again replays the pages it already fetched instead of asking the source again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

from ingest.errors import ResourceMissing, SourceError

log = logging.getLogger(__name__)

USER_AGENT = "tietrace/0.1 (research-security due diligence; +https://github.com/tietrace/tietrace)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait: Retry-After as seconds or as an HTTP date."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class HttpFetcher:
    """JSON over HTTP for one source."""

    def __init__(
        self,
        source: str,
        cache_dir: Path | None,
        min_interval: float = 0.2,
        retries: int = 5,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Any = time.sleep,
    ) -> None:
        self.source = source
        self._cache_dir = cache_dir
        self._min_interval = min_interval
        self._retries = retries
        self._backoff = backoff
        self._max_wait = max_wait
        self._sleep = sleep
        self._last_request = 0.0
        self.requests_sent = 0
        self.cache_hits = 0
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            timeout=httpx.Timeout(timeout, connect=15.0),
            follow_redirects=True,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def get_json(self, url: str, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> Any:
        """GET JSON. Headers (e.g. an API key) are sent but are not part of the cache key, so secrets never
        shape what is written to disk."""
        return self._request_json("GET", url, params=params, headers=headers)

    def get_file(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        """GET a whole file (a list export) with the same retries and rate limit, not through the JSON cache: the
        caller keeps the file and its validators and asks conditionally; a 304 comes back as it is."""
        return self._send("GET", url, None, None, {"Accept": "*/*", **(headers or {})})

    def post_json(self, url: str, body: dict[str, Any]) -> Any:
        return self._request_json("POST", url, body=body)

    def _cache_path(self, method: str, url: str, params: dict[str, Any] | None, body: Any) -> Path | None:
        if self._cache_dir is None:
            return None
        key = json.dumps([method, url, params or {}, body], sort_keys=True, default=str)
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self._cache_dir / digest[:2] / f"{digest}.json"

    def _request_json(
        self,
        method: str,
        url: str,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        cached = self._cache_path(method, url, params, body)
        if cached is not None and cached.exists():
            self.cache_hits += 1
            return json.loads(cached.read_text(encoding="utf-8"))
        response = self._send(method, url, params, body, headers)
        try:
            data = response.json()
        except ValueError as exc:
            raise SourceError(f"{self.source}: {method} {url} answered with something that is not JSON") from exc
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(".tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            tmp.replace(cached)  # a half-written cache entry never exists
        return data

    def _send(
        self,
        method: str,
        url: str,
        params: dict[str, Any] | None,
        body: dict[str, Any] | None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        for attempt in range(self._retries + 1):
            wait = self._min_interval - (time.monotonic() - self._last_request)
            if wait > 0:
                self._sleep(wait)
            self._last_request = time.monotonic()
            self.requests_sent += 1
            try:
                response = self._client.request(method, url, params=params, json=body, headers=headers)
            except httpx.TransportError as exc:
                if attempt == self._retries:
                    raise SourceError(f"{self.source}: {url} is unreachable after {attempt + 1} tries: {exc}") from exc
                delay = self._backoff * 2**attempt
                log.warning("%s: %s failed (%s); retrying in %.1f s", self.source, url, exc, delay)
                self._sleep(delay)
                continue
            if response.status_code in (401, 403):
                raise SourceError(
                    f"{self.source}: {url} refused access (HTTP {response.status_code}); check the API key or terms"
                )
            if response.status_code in RETRY_STATUSES and attempt < self._retries:
                delay = min(self._max_wait, _retry_after(response) or self._backoff * 2**attempt)
                log.warning("%s: HTTP %d from %s; retrying in %.1f s", self.source, response.status_code, url, delay)
                self._sleep(delay)
                continue
            if response.status_code == 404:
                raise ResourceMissing(f"{self.source}: {method} {url} failed with HTTP 404")
            if response.is_error:
                raise SourceError(f"{self.source}: {method} {url} failed with HTTP {response.status_code}")
            return response
        raise SourceError(f"{self.source}: {url} kept failing after {self._retries + 1} tries")
