"""The investigation page: static HTML, CSS and JavaScript under /ui, served without a key.

The page holds no data; every call it makes goes to /v1 with the key the user types in, so serving it openly
reveals nothing. Only files found in api/ui when the app starts are served (an allow-list, so no request path
can reach outside the folder), with a Content-Security-Policy that keeps every script and request on this origin.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.errors import ApiError

UI_DIR = Path(__file__).resolve().parent.parent / "ui"
INDEX = "index.html"
# Scripts, styles, images and requests only from this origin (no CDN: the page works offline). Images may be
# data:/blob: URLs because the network view's PNG and SVG exports are made in the browser.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
mimetypes.add_type("text/javascript", ".js")  # some systems map .js to text/plain, which browsers refuse as a module

router = APIRouter(prefix="/ui", include_in_schema=False)


def _files() -> dict[str, Path]:
    return {p.relative_to(UI_DIR).as_posix(): p for p in sorted(UI_DIR.rglob("*")) if p.is_file()}


SERVED = _files()


def _send(name: str) -> FileResponse:
    media_type, _ = mimetypes.guess_type(name)
    cache = "no-cache" if name == INDEX else "max-age=300"
    return FileResponse(SERVED[name], media_type=media_type, headers={**SECURITY_HEADERS, "Cache-Control": cache})


@router.get("")
@router.get("/")
def page() -> FileResponse:
    return _send(INDEX)


@router.get("/{name:path}")
def asset(name: str) -> FileResponse:
    if name not in SERVED:
        raise ApiError(404, f"no file {name!r} in the investigation page; open /ui/", "not-found")
    return _send(name)
