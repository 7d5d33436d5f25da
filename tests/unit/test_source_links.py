"""A record's source URL becomes a link only when it is http(s): in the answers the API gives (queries/answers.py)
and on the page (api/ui/js/dom.js webHref, run under node)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from queries.answers import Source

NODE = shutil.which("node")
DOM_JS = Path(__file__).resolve().parents[2] / "api" / "ui" / "js" / "dom.js"

SAFE = ["https://www.opensanctions.org/entities/NK-abc/", "http://example.org/a?b=c#d", " HTTPS://EXAMPLE.ORG/x "]
UNSAFE = [
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "/relative/path",
    "http://[::1",
    "",
]


@pytest.mark.parametrize("url", SAFE)
def test_web_urls_are_kept_in_answers(url: str) -> None:
    assert Source(source_url=url).source_url == url.strip()


@pytest.mark.parametrize("url", UNSAFE)
def test_other_urls_are_dropped_from_answers(url: str) -> None:
    assert Source(dataset="x", source_url=url).source_url is None


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_page_links_only_web_urls(tmp_path: Path) -> None:
    # dom.js is an ES module served to the browser; node reads it as one under an .mjs name.
    module = tmp_path / "dom.mjs"
    shutil.copyfile(DOM_JS, module)
    script = (
        f"import {{ webHref }} from {json.dumps(module.as_uri())};\n"
        f"console.log(JSON.stringify({json.dumps(SAFE + UNSAFE + [None, 42])}.map(webHref)));\n"
    )
    done = subprocess.run(
        [str(NODE), "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60, check=True
    )
    shown = json.loads(done.stdout)
    assert shown[: len(SAFE)] == [
        "https://www.opensanctions.org/entities/NK-abc/", "http://example.org/a?b=c#d", "https://example.org/x",
    ]  # fmt: skip
    assert shown[len(SAFE) :] == [None] * (len(UNSAFE) + 2)
