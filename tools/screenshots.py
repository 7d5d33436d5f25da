"""Screenshots of the investigation page for the README: the demo partner's entity page and a screening run.

    .venv/bin/python -m tools.screenshots [--out docs/img] [--data-dir DIR]

Starts a private embedded engine (a temporary data directory unless --data-dir is given), loads the real-data
demo into it (tietrace.demo.load_demo), serves the API with uvicorn on a free local port, drives Debian's
Chromium exactly as tests/e2e/test_ui_browser.py does, and writes entity.png and screening.png. The engine is
stopped at the end. The screening list is made of names from the loaded records, as the tests make theirs.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from access.keys import Role
from graph.settings import Settings
from graph.store import embedded_engine, open_store
from tests.ui_browser import LiveApi, chromium, live_api
from tietrace.demo import load_demo

WIDTH = 1400
WAIT = 90.0


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def full_page(driver: WebDriver, path: Path, max_height: int) -> None:
    """The page as tall as its content (up to max_height), so one image shows the sections below the fold."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(WIDTH, min(int(height), max_height))
    time.sleep(0.5)  # let the network view refit to the new size
    driver.save_screenshot(str(path))
    driver.set_window_size(WIDTH, 1000)


def sign_in(driver: WebDriver, api: LiveApi) -> None:
    driver.get(f"{api.url}/ui")
    driver.find_element(By.ID, "api-key").send_keys(api.keys[Role.VIEWER])
    driver.find_element(By.CSS_SELECTOR, "#key-form button[type=submit]").click()


def entity_page(driver: WebDriver, api: LiveApi, partner: str, out: Path) -> None:
    driver.get(f"{api.url}/ui/#/entity/{partner}")
    WebDriverWait(driver, WAIT).until(
        lambda d: d.execute_script("return !!window.tietraceNetwork && window.tietraceNetwork.nodes().length")
    )
    driver.find_element(By.CSS_SELECTOR, "details[data-factor=foreign_control] summary").click()
    driver.execute_script("window.tietraceNetwork.fit(undefined, 30)")
    full_page(driver, out / "entity.png", max_height=2300)


def collaborators(api: LiveApi, partner: str) -> str:
    """The partner, its controllers and a few research organizations from the demo's grant and gift records."""
    headers = {"Authorization": f"Bearer {api.keys[Role.VIEWER]}"}

    def get(path: str, **params: Any) -> Any:
        response = httpx.get(f"{api.url}{path}", params=params, headers=headers, timeout=WAIT)
        response.raise_for_status()
        return response.json()

    check = get(f"/v1/entities/{partner}/check")
    rows = [(check["entity"]["name"], check["entity"]["country"])]
    rows += [(c["name"], c["country"]) for c in check["controllers"] if c["label"] == "Organization"]
    for query in ("Zala Aero", "University", "Institute"):
        rows += [(r["name"], r["country"] or "") for r in get("/v1/entities", q=query, limit=3)["results"]]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([("Partner Institution", "Country/Region"), *dict.fromkeys(rows)])
    return buffer.getvalue()


def screening_page(driver: WebDriver, api: LiveApi, partner: str, out: Path, work: Path) -> None:
    upload = work / "collaborators.csv"
    upload.write_text(collaborators(api, partner), encoding="utf-8")
    driver.get(f"{api.url}/ui/#/screen")
    driver.find_element(By.ID, "screen-file").send_keys(str(upload))
    driver.find_element(By.ID, "screen-submit").click()
    WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.ID, "screen-status").text.startswith("Done."))
    sort = driver.find_element(By.XPATH, "//th/button[starts-with(., 'Risk score')]")
    sort.click()
    sort.click()  # highest risk first
    full_page(driver, out / "screening.png", max_height=1400)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("docs/img"), help="where to write the PNG files")
    parser.add_argument("--data-dir", type=Path, help="the private engine's data directory (default: temporary)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tietrace-shots-") as tmp:
        work = Path(tmp)
        settings = Settings(data_dir=args.data_dir or work / "graph", engine_heap="1g")
        say(f"starting the embedded engine in {settings.data_dir}")
        store = open_store(settings)
        try:
            say("loading the demo data")
            partner = load_demo(store, settings, progress=True).partner
            with live_api(settings, work) as api:
                say(f"API on {api.url}; driving Chromium")
                driver = chromium(work / "downloads", work / "profile", width=WIDTH)
                try:
                    sign_in(driver, api)
                    entity_page(driver, api, partner, args.out)
                    say(f"wrote {args.out / 'entity.png'}")
                    screening_page(driver, api, partner, args.out, work)
                    say(f"wrote {args.out / 'screening.png'}")
                finally:
                    driver.quit()
        finally:
            store.close()
            embedded_engine(settings).stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
