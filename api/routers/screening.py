"""Bulk screening: a list of collaborators in (JSON, an uploaded CSV, or a CSV body), one result per row out
(JSON, NDJSON streamed as rows are screened, or CSV)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.deps import ApiSettingsDep, AsOfDep, ProfileDep, StoreDep, Viewer
from api.errors import responses
from api.middleware import context
from graph.settings import ApiSettings
from screening.collaborators import Batch, InputProblem, read_csv, read_json
from screening.models import CollaboratorIn, ScreenResponse, ScreenResult
from screening.parallel import MIN_ROWS
from screening.screen import BOM, MatcherCache, Screener, csv_header, csv_line, csv_text, needs_people, summarize

router = APIRouter(tags=["screening"])

NDJSON = "application/x-ndjson"
MULTIPART_OVERHEAD = 64 * 1024  # part headers and boundaries around the file


class Format(StrEnum):
    JSON = "json"
    NDJSON = "ndjson"
    CSV = "csv"


_csv_upload = {
    "type": "object",
    "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary", "description": "The CSV file."}},
}
REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "description": "A JSON list of collaborators, a CSV file uploaded as multipart/form-data (field `file`), or "
    "a CSV body (text/csv). CSV columns (any case and punctuation): organization (or institution, partner "
    "institution, organisation, company, name...), country (or country/region), identifiers (lei, ror, openalex, "
    "wikidata, uei, duns, grid, isni, registry, orcid), person, affiliation (or organizational affiliation), last "
    "active; NSF's COA Table 4 (Name:, Organizational Affiliation, Last Active) as is. Other columns are echoed.",
    "content": {
        "application/json": {
            "schema": {"type": "array", "minItems": 1, "items": CollaboratorIn.model_json_schema()},
            "example": [
                {"organization": "Zala Aero", "country": "RU"},
                {"organization": "Kalashnikov Concern", "identifiers": {"registry": "1111832003018"}},
            ],
        },
        "multipart/form-data": {"schema": _csv_upload},
        "text/csv": {"schema": {"type": "string"}, "example": "organization,country\nZala Aero,RU\n"},
    },
}
OK_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "One result per row, rows that cannot be screened included (status `error` with the reason): "
        "JSON (default), NDJSON (one ScreenResult per line, streamed) or CSV (one line per row, a UTF-8 byte-order "
        "mark first unless bom=false). For NDJSON and CSV the reader's notes are in the Tietrace-Encoding, "
        "Tietrace-Delimiter and Tietrace-Warnings headers.",
        "content": {
            NDJSON: {"schema": {"$ref": "#/components/schemas/ScreenResult"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes the limit (before it is all read)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise InputProblem(
            413, f"the body is {int(declared):,} bytes; the limit is {limit:,} (TIETRACE_API_MAX_UPLOAD_BYTES)"
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise InputProblem(
                413, f"the body is larger than the limit of {limit:,} bytes (TIETRACE_API_MAX_UPLOAD_BYTES)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


async def read_upload(request: Request, settings: ApiSettings) -> Batch:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    limit, rows, length = settings.max_upload_bytes, settings.max_rows, settings.max_name_length
    if media == "application/json":
        return read_json(await read_body(request, limit), rows, length)
    if media in ("text/csv", "text/plain", "application/csv"):
        return read_csv(await read_body(request, limit), rows, length)
    if media == "multipart/form-data":
        body = await read_body(request, limit + MULTIPART_OVERHEAD)

        async def replay() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        try:
            form = await Request(request.scope, replay).form(max_files=1, max_fields=10)
        except Exception as exc:  # python-multipart's and Starlette's errors: a malformed upload, said plainly
            raise InputProblem(422, f"the multipart upload cannot be read: {exc}") from None
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            await form.close()
            raise InputProblem(422, "the upload has no file in a form field named 'file'")
        data = await upload.read()
        await form.close()
        if len(data) > limit:
            raise InputProblem(
                413, f"the file is {len(data):,} bytes; the limit is {limit:,} (TIETRACE_API_MAX_UPLOAD_BYTES)"
            )
        if (upload.filename or "").lower().endswith(".json"):
            return read_json(data, rows, length)
        return read_csv(data, rows, length)
    raise InputProblem(
        415, f"cannot read {media or 'a body without a Content-Type'}: send application/json, multipart/form-data "
        "(a CSV file in field 'file') or text/csv"
    )  # fmt: skip


def _format(request: Request, asked: Format | None) -> Format:
    if asked is not None:
        return asked
    accept = request.headers.get("accept", "")
    if NDJSON in accept:
        return Format.NDJSON
    if "text/csv" in accept:
        return Format.CSV
    return Format.JSON


def _notes(batch: Batch) -> dict[str, str]:
    headers = {"Tietrace-Encoding": batch.encoding or "", "Tietrace-Delimiter": batch.delimiter or ""}
    if batch.warnings:
        headers["Tietrace-Warnings"] = json.dumps(batch.warnings, ensure_ascii=True)
    return {k: v for k, v in headers.items() if v}


@router.post(
    "/v1/screen",
    response_model=ScreenResponse,
    responses={**OK_CONTENT, **responses(401, 403, 404, 413, 415, 422, 503)},
    openapi_extra={"requestBody": REQUEST_BODY},
    summary="Screen a list of collaborators",
)
async def screen(
    who: Viewer,
    request: Request,
    store: StoreDep,
    settings: ApiSettingsDep,
    profile: ProfileDep,
    as_of: AsOfDep,
    format: Annotated[  # the query parameter's public name
        Format | None, Query(description="json (default), ndjson (streamed) or csv; or send an Accept header.")
    ] = None,
    bom: Annotated[
        bool,
        Query(description="CSV only: start with a UTF-8 byte-order mark, so Excel reads non-Latin names right."),
    ] = True,
) -> Any:
    """Each row is matched against the graph's organizations (identifiers first, then names with the country as
    evidence): `match` when one entity is clearly best, `review` when it is ambiguous or weak (every candidate is
    returned, with its score and reasons), `no_match` otherwise. A row naming a person (NSF's COA template: name,
    organizational affiliation, last active) is screened as the person and as the organization. A `match`
    carries its risk under the profile. Ambiguous rows are never resolved silently.

    A row that cannot be screened (no name, a name too long, an unknown country) is answered with status `error`
    and its reason; the rest is screened (200). Only a file that cannot be read at all is refused (4xx)."""
    chosen = _format(request, format)
    batch = await read_upload(request, settings)
    ctx = context(request)
    ctx.audit.update(
        {"rows": len(batch.rows), "row_errors": len(batch.errors), "format": chosen.value, "encoding": batch.encoding}
    )
    cache: MatcherCache = request.app.state.matchers
    matcher = await run_in_threadpool(cache.get, store)
    people = await run_in_threadpool(cache.people, store) if needs_people(batch.rows) else None
    screener = Screener(store, matcher, profile, as_of, people, risks=cache.risks(profile, as_of))
    began = time.monotonic()
    # A long list's organizations are matched by the workers holding copies of the index, ahead of the screener.
    pool = cache.pool(matcher) if len(batch.rows) >= MIN_ROWS else None
    collaborators = pool.answered_ahead(matcher, batch.rows) if pool is not None else batch.rows

    if chosen is Format.NDJSON:

        def lines() -> Iterator[str]:
            for result in screener.screen_all(collaborators):
                yield result.model_dump_json() + "\n"

        return StreamingResponse(lines(), media_type=NDJSON, headers=_notes(batch))

    if chosen is Format.CSV:

        def rows() -> Iterator[str]:
            yield (BOM if bom else "") + csv_text([csv_header(batch.columns)])
            for result in screener.screen_all(collaborators):
                yield csv_text([csv_line(result, batch.columns)])

        return StreamingResponse(rows(), media_type="text/csv; charset=utf-8", headers=_notes(batch))

    results: list[ScreenResult] = await run_in_threadpool(lambda: list(screener.screen_all(collaborators)))
    return ScreenResponse(
        profile=profile.name,
        as_of=as_of,
        encoding=batch.encoding,
        delimiter=batch.delimiter,
        warnings=batch.warnings,
        summary=summarize(results, time.monotonic() - began),
        results=results,
    )
