"""The investigation page under a real browser: the API served by uvicorn on 127.0.0.1 (a free port, a thread)
and Debian's Chromium driven by selenium through /usr/bin/chromedriver (never selenium-manager, never a
downloaded browser). Shared by tests/e2e/test_ui_browser.py and tools/screenshots.py."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from access.keys import KeyStore, Role
from api.app import create_app
from graph.settings import ApiSettings, Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@dataclass
class LiveApi:
    url: str
    keys: dict[Role, str]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def live_api(graph_settings: Settings, folder: Path, startup_timeout: float = 60.0) -> Iterator[LiveApi]:
    """The API as a user meets it: uvicorn on a free local port, its own keys file with one key per role."""
    options = ApiSettings(
        keys_file=folder / "api-keys.json",
        audit_file=folder / "audit.jsonl",
        access_log=False,
        open=False,
        matcher_ttl=600.0,
    )
    settings = graph_settings.model_copy(update={"api": options})
    key_store = KeyStore(settings.keys_path)
    keys = {role: key_store.create(role, f"browser {role.value}")[1] for role in Role}
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn-ui", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the API did not start on 127.0.0.1:{port} within {startup_timeout:.0f} s")
        time.sleep(0.05)
    try:
        yield LiveApi(url=f"http://127.0.0.1:{port}", keys=keys)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def chromium(downloads: Path, profile_dir: Path, width: int = 1400, height: int = 1000) -> webdriver.Chrome:
    """Headless Debian Chromium with no network side traffic, a fresh profile and downloads saved to a folder."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile_dir}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def wait_for_file(folder: Path, pattern: str, timeout: float = 20.0) -> Path:
    """A finished download. Chromium writes *.crdownload until it is complete, and may first create the final name
    as an empty placeholder: a download is finished when no *.crdownload is left and the file has its bytes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        partial = any(p.name.endswith(".crdownload") for p in folder.iterdir())
        done = [p for p in folder.glob(pattern) if not p.name.endswith(".crdownload") and p.stat().st_size > 0]
        if done and not partial:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {pattern} downloaded into {folder} within {timeout:.0f} s: {sorted(folder.iterdir())}")


def console_errors(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    """Severe messages from the page's console (script errors, refused resources)."""
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
