"""The researcher view of /ui in headless Chromium, on the researcher graph (tests/researcher_graph.py) in its own
engine: what the page shows is what GET /v1/people/{id}/review answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from access.keys import Role
from graph.settings import Settings
from graph.store import embedded_engine, open_store
from tests import researcher_graph as g
from tests.conftest import ON_NEO4J, engine_dir_settings
from tests.ui_browser import CHROMIUM, LiveApi, chromium, console_errors, live_api

pytestmark = pytest.mark.skipif(ON_NEO4J, reason="writes constructed ties; runs on its own embedded engine")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    settings: Settings = engine_dir_settings(tmp_path_factory.mktemp("researcher-ui-engine"))
    store = open_store(settings)
    try:
        g.build(store, tmp_path_factory.mktemp("researcher-ui-data"))
        with live_api(settings, tmp_path_factory.mktemp("researcher-ui-api")) as api:
            yield api
    finally:
        store.close()
        embedded_engine(settings).stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian: apt install chromium chromium-driver)")
    driver = chromium(tmp_path_factory.mktemp("downloads"), tmp_path_factory.mktemp("profile"))
    yield driver
    driver.quit()


def test_the_researcher_view_shows_the_api_answer(live: LiveApi, browser: WebDriver, tmp_path: Path) -> None:
    key = live.keys[Role.VIEWER]
    api = httpx.get(
        f"{live.url}/v1/people/orcid:0000-0003-1613-5981/review",
        params={"as_of": "2022-06-01"},
        headers={"Authorization": f"Bearer {key}"},
        timeout=60,
    ).json()
    assert api["overall"] == "mitigation_required"
    browser.get(f"{live.url}/ui")
    browser.execute_script("sessionStorage.clear()")
    browser.refresh()
    browser.find_element(By.ID, "api-key").send_keys(key)
    browser.find_element(By.CSS_SELECTOR, "#key-form button[type=submit]").click()
    # today's review: the 2018 co-authorship is outside the 5-year window, the 2026 equipment is not
    browser.get(f"{live.url}/ui/#/researcher/orcid%3A0000-0003-1613-5981")
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#view-researcher .action"))
    section = browser.find_element(By.ID, "view-researcher")
    assert "Heather Piwowar" in section.text
    today = httpx.get(
        f"{live.url}/v1/people/orcid:0000-0003-1613-5981/review", headers={"Authorization": f"Bearer {key}"}, timeout=60
    ).json()
    headings = [e.text for e in section.find_elements(By.CSS_SELECTOR, ".finding h4")]
    fired = [f["rule"] for f in today["findings"] if f["action"] != "none"]
    assert len(headings) == len(fired) and all(any(rule in h for h in headings) for rule in fired)
    rows = section.find_elements(By.CSS_SELECTOR, "table tbody tr")
    assert len(rows) == len(today["timeline"])
    assert "Impact Technology Development (United States)" in section.text
    assert console_errors(browser) == []
