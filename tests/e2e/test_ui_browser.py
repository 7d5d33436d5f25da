"""The investigation page in headless Chromium against the API (uvicorn) on the embedded engine, loaded with
the real-data demo (tietrace/demo_data, origins in its SOURCES.md).

What a person does on the page is compared with what the API answers for the same question: the network's
nodes are the nodes of the check answer's paths, an expanded node brings the API's neighbours, the screening
table and its CSV download hold the API's own results.
"""

from __future__ import annotations

import csv
import hashlib
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from access.keys import Role
from graph.cypher import parse
from graph.settings import Settings
from graph.store import GraphStore
from tests.ui_browser import CHROMIUM, LiveApi, chromium, console_errors, live_api, wait_for_file
from tietrace.demo import load_demo

WAIT = 60.0  # the first check and the first screening build their indexes on a graph other modules share


@pytest.fixture(scope="module")
def partner(store: GraphStore, graph_settings: Settings) -> str:
    return load_demo(store, graph_settings, progress=False).partner


@pytest.fixture(scope="module")
def live(graph_settings: Settings, partner: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    with live_api(graph_settings, tmp_path_factory.mktemp("ui-api")) as api:
        yield api


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ui-downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian: apt install chromium chromium-driver)")
    driver = chromium(downloads, tmp_path_factory.mktemp("ui-profile"))
    yield driver
    driver.quit()


def api_get(live: LiveApi, path: str, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {live.keys[Role.VIEWER]}"}
    response = httpx.get(f"{live.url}{path}", params=params, headers=headers, timeout=WAIT)
    response.raise_for_status()
    return response.json()


def wait(browser: WebDriver, condition: Any, timeout: float = WAIT) -> Any:
    return WebDriverWait(browser, timeout).until(condition)


def sign_in(browser: WebDriver, live: LiveApi, key: str) -> None:
    browser.get_log("browser")  # drop what earlier tests logged (a 401 is logged when it is the point)
    browser.get(f"{live.url}/ui")
    browser.execute_script("sessionStorage.clear()")
    browser.refresh()
    browser.find_element(By.ID, "api-key").send_keys(key)
    browser.find_element(By.CSS_SELECTOR, "#key-form button[type=submit]").click()


def open_entity(browser: WebDriver, live: LiveApi, entity_id: str) -> None:
    browser.get(f"{live.url}/ui/#/entity/{entity_id}")
    wait(
        browser, lambda b: b.execute_script("return !!window.tietraceNetwork && window.tietraceNetwork.nodes().length")
    )


def network_ids(browser: WebDriver) -> set[str]:
    return set(browser.execute_script("return window.tietraceNetwork.nodes().map(n => n.id())"))


def path_node_ids(check: dict[str, Any]) -> set[str]:
    """What the network shows: the check answer's control, funding (gifts included) and watchlist paths."""
    paths = [p for c in check["controllers"] for p in c["paths"]]
    paths += [f["path"] for f in check["funding"]["flows"]] + [p["path"] for p in check["proximity"]]
    return {check["entity"]["id"]} | {n["id"] for p in paths for n in p["nodes"]}


def test_the_page_is_served_without_a_key_and_only_from_its_folder(live: LiveApi) -> None:
    page = httpx.get(f"{live.url}/ui", timeout=WAIT)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]  # no CDN, no inline script
    assert '<script type="module" src="/ui/js/main.js">' in page.text
    script = httpx.get(f"{live.url}/ui/js/main.js", timeout=WAIT)
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    for outside in ("/ui/../api/app.py", "/ui/%2e%2e/api/app.py", "/ui/js/../../routers/ui.py", "/ui/nope.js"):
        response = httpx.get(f"{live.url}{outside}", timeout=WAIT)
        assert response.status_code == 404, outside
        assert "create_app" not in response.text and "APIRouter" not in response.text, outside


def test_the_vendored_library_is_the_one_recorded() -> None:
    vendor = Path(__file__).parents[2] / "api" / "ui" / "vendor"
    digest = hashlib.sha256((vendor / "cytoscape" / "cytoscape.min.js").read_bytes()).hexdigest()
    assert f"`{digest}`" in (vendor / "VENDORED.md").read_text(encoding="utf-8")
    license_text = (vendor / "cytoscape" / "LICENSE").read_text(encoding="utf-8")
    assert "Permission is hereby granted, free of charge" in license_text  # the MIT license's grant


def test_a_wrong_key_is_told_plainly(browser: WebDriver, live: LiveApi) -> None:
    sign_in(browser, live, "tt_000000000000_not-a-real-key")
    browser.find_element(By.ID, "search-q").send_keys("Izhmash", Keys.ENTER)
    alert = wait(browser, lambda b: b.find_element(By.ID, "alert").is_displayed() and b.find_element(By.ID, "alert"))
    assert "Not signed in" in alert.text and "the API key is unknown or revoked" in alert.text
    assert browser.find_elements(By.CSS_SELECTOR, "#search-results a") == []


def test_only_web_source_urls_become_links(browser: WebDriver, live: LiveApi) -> None:
    """The page's own sourceLine, run in the browser: a javascript:, data: or vbscript: URL from a record is
    shown as text, never as a link (the API drops such URLs too; this holds even if one got through)."""
    browser.get(f"{live.url}/ui")
    rendered = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        import("/ui/js/paths.js").then(({ sourceLine }) => done(arguments[0].map((url) => {
          const el = sourceLine({ dataset: "probe", source_id: "r1", source_url: url });
          return { links: [...el.querySelectorAll("a")].map((a) => a.getAttribute("href")), text: el.textContent };
        }))).catch((e) => done(String(e)));
        """,
        ["javascript:alert(document.domain)", " JavaScript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x",
         "https://example.org/record/1"],
    )  # fmt: skip
    assert isinstance(rendered, list), rendered
    *unsafe, safe = rendered
    for shown in unsafe:
        assert shown["links"] == [] and "probe · r1" in shown["text"]
    assert "(javascript:alert(document.domain))" in unsafe[0]["text"]  # visible as text, for a person to see
    assert safe["links"] == ["https://example.org/record/1"]


def test_search_open_the_partner_and_see_its_network(browser: WebDriver, live: LiveApi, partner: str) -> None:
    sign_in(browser, live, live.keys[Role.VIEWER])
    assert browser.find_element(By.ID, "key-state").text.startswith("Signed in with key ")
    browser.find_element(By.ID, "search-q").send_keys("ЦСТ", Keys.ENTER)  # the partner's register name, in Ukrainian
    link = wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, f'#search-results a[href="#/entity/{partner}"]'))
    shown = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#search-results a")]
    assert shown == [r["name"] for r in api_get(live, "/v1/entities", q="ЦСТ", limit=15)["results"]]
    link[0].click()
    wait(
        browser, lambda b: b.execute_script("return !!window.tietraceNetwork && window.tietraceNetwork.nodes().length")
    )

    check = api_get(live, f"/v1/entities/{partner}/check")
    assert browser.find_element(By.CSS_SELECTOR, "#view-entity h1").text == check["entity"]["name"]
    assert network_ids(browser) == path_node_ids(check)
    labels = browser.execute_script(
        "return Object.fromEntries(window.tietraceNetwork.nodes().map(n => [n.id(), n.data('label')]))"
    )
    assert labels[partner] == "Organization" and labels["list-us.bis.entity_list"] == "Watchlist"
    level = browser.find_element(By.CSS_SELECTOR, "#risk-h .level").text
    assert level == f"{check['risk']['level'].upper()} · {check['risk']['score']}/100"
    controllers = browser.find_elements(By.CSS_SELECTOR, "#controllers-h ~ table tbody tr td:first-child")
    assert [td.text for td in controllers] == [f"{c['name']} ({c['country']})" for c in check["controllers"]]
    assert console_errors(browser) == []  # no script error, nothing refused by the Content-Security-Policy


def test_an_organization_shows_the_records_resolution_joined_to_it(browser: WebDriver, live: LiveApi) -> None:
    # The demo's party donations name BMW twice ("Bayerische Motorenwerke AG", "... (BMW) AG"); resolution links them,
    # so both records are shown by one display name (docs/names.md): the record is picked by the name it matched by.
    found = api_get(live, "/v1/entities", q="Bayerische Motorenwerke AG", limit=5)["results"]
    [bmw] = [r for r in found if r["matched_name"] == "Bayerische Motorenwerke AG"]
    assert len({r["name"] for r in found if "Bayerische" in r["name"]}) == 1
    detail = api_get(live, f"/v1/entities/{bmw['id']}")
    assert len(detail["same_as"]) == 1
    open_entity_card(browser, live, bmw["id"])
    shown = browser.find_elements(By.CSS_SELECTOR, "ul.same-as a")
    assert [(a.text, a.get_attribute("href").rsplit("#", 1)[-1]) for a in shown] == [
        (f"{r['name']} ({r['country']})" if r.get("country") else r["name"], f"/entity/{r['id']}")
        for r in detail["same_as"]
    ]
    browser.get("about:blank")  # leave no network on the page: the next tests wait for theirs to appear


def test_a_person_shows_the_organizations_they_own_direct_or_work_for(
    browser: WebDriver, live: LiveApi, store: GraphStore, partner: str
) -> None:
    # The roles section is the page's rendering of the registry's "roles" question (queries/questions.py).
    someone = parse(
        "// name: someone\n// summary: a person with a role\n// returns: id\n"
        "MATCH (p:Person)-[:OWNS|CONTROLS|AFFILIATED_WITH]->(:Organization) RETURN p.id AS id ORDER BY id LIMIT 1",
        "someone",
    )
    [person] = store.run(someone, {})
    roles = api_get(live, f"/v1/entities/{person['id']}/check")["roles"]
    assert roles
    open_entity_card(browser, live, person["id"])
    wait(browser, lambda b: b.find_elements(By.ID, "roles-h"))
    shown = browser.find_elements(By.CSS_SELECTOR, "#roles-h ~ table tbody tr td:nth-child(2)")
    org = [r["organization"] for r in roles]
    assert [td.text for td in shown] == [f"{o['name']} ({o['country']})" if o["country"] else o["name"] for o in org]
    assert console_errors(browser) == []
    browser.get("about:blank")


def open_entity_card(browser: WebDriver, live: LiveApi, entity_id: str) -> None:
    sign_in(browser, live, live.keys[Role.VIEWER])
    browser.get(f"{live.url}/ui/#/entity/{entity_id}")
    wait(browser, lambda b: b.find_elements(By.ID, "identity-h"))


def test_a_factor_opens_to_its_evidence_and_sources(browser: WebDriver, live: LiveApi, partner: str) -> None:
    open_entity(browser, live, partner)
    risk = api_get(live, f"/v1/entities/{partner}/risk")
    factor = next(f for f in risk["factors"] if f["name"] == "foreign_control")
    details = browser.find_element(By.CSS_SELECTOR, "details[data-factor=foreign_control]")
    assert details.get_attribute("open") is None
    details.find_element(By.TAG_NAME, "summary").send_keys(Keys.ENTER)  # keyboard, as a keyboard user would
    assert details.get_attribute("open") is not None
    items = details.find_elements(By.CSS_SELECTOR, ".evidence > li")
    assert [i.find_element(By.CLASS_NAME, "evidence-summary").text for i in items] == [
        e["summary"] for e in factor["evidence"]
    ]
    first_hop = factor["evidence"][0]["path"]["hops"][0]["source"]
    assert f"Source: {first_hop['dataset']} · {first_hop['source_id']}" in items[0].text


def test_expanding_a_node_adds_the_apis_neighbours(browser: WebDriver, live: LiveApi, partner: str) -> None:
    open_entity(browser, live, partner)
    before = network_ids(browser)
    # The first node (by id) whose neighbours the network does not show yet.
    for node in sorted(before - {partner}):
        answer = api_get(live, f"/v1/entities/{node}/neighbours", limit=60)
        if {t["other"]["id"] for t in answer["relationships"]} - before:
            break
    else:
        pytest.fail("no node of the partner's network has neighbours outside it")
    # A real click on the node where cytoscape drew it.
    canvas = browser.find_element(By.ID, "network")
    x, y = browser.execute_script(
        "const p = window.tietraceNetwork.getElementById(arguments[0]).renderedPosition(); return [p.x, p.y]", node
    )
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(x - canvas.size["width"] / 2), int(y - canvas.size["height"] / 2)
    ).click().perform()
    expected = before | {t["other"]["id"] for t in answer["relationships"]}
    wait(browser, lambda b: network_ids(b) == expected)
    edges = set(browser.execute_script("return window.tietraceNetwork.edges().map(e => e.id())"))
    assert {f"{t['start']}>{t['type']}>{t['end']}" for t in answer["relationships"]} <= edges
    button = browser.find_element(By.CSS_SELECTOR, f'.node-list li[data-node="{node}"] button')
    assert button.text == "Expanded" and not button.is_enabled()


def test_the_network_exports_as_svg_and_png(browser: WebDriver, live: LiveApi, partner: str, downloads: Path) -> None:
    open_entity(browser, live, partner)
    browser.find_element(By.ID, "net-svg").click()
    # The file is the page's own export in a test download folder, not input from elsewhere.
    svg = ET.parse(wait_for_file(downloads, "tietrace-network-*.svg")).getroot()  # noqa: S314
    drawn = {g.get("data-id") for g in svg.iter("{http://www.w3.org/2000/svg}g")}
    assert drawn == network_ids(browser)
    browser.find_element(By.ID, "net-png").click()
    png = wait_for_file(downloads, "tietrace-network-*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def collaborators(live: LiveApi, partner: str) -> str:
    """A CSV of names from the loaded records: the partner, the organizations controlling it, and the best search hit
    for its trade name."""
    check = api_get(live, f"/v1/entities/{partner}/check")
    rows = [(check["entity"]["name"], check["entity"]["country"])]
    rows += [(c["name"], c["country"]) for c in check["controllers"] if c["label"] == "Organization"]
    rows += [(r["name"], r["country"]) for r in api_get(live, "/v1/entities", q="Zala Aero", limit=1)["results"]]
    rows.append(("Zala Aero", "RU"))  # a name two sanctioned companies carry: a review row with its rivals
    out = io.StringIO()
    # The headings a university export uses, so the page shows what the API made of them (input.country).
    csv.writer(out, lineterminator="\n").writerows([("Partner Institution", "Country/Region"), *rows])
    return out.getvalue()


def test_screen_a_csv_sort_the_table_and_download_it(
    browser: WebDriver, live: LiveApi, partner: str, downloads: Path, tmp_path: Path
) -> None:
    upload = tmp_path / "collaborators.csv"
    upload.write_text(collaborators(live, partner), encoding="utf-8")
    headers = {"Authorization": f"Bearer {live.keys[Role.VIEWER]}"}
    with upload.open("rb") as handle:
        answer = httpx.post(
            f"{live.url}/v1/screen", files={"file": (upload.name, handle, "text/csv")}, headers=headers, timeout=WAIT
        ).json()
    with upload.open("rb") as handle:
        api_csv = httpx.post(
            f"{live.url}/v1/screen?format=csv", files={"file": (upload.name, handle, "text/csv")}, headers=headers,
            timeout=WAIT,
        ).content.decode("utf-8-sig")  # fmt: skip
    results = answer["results"]
    assert len(results) >= 3 and any(r["status"] == "match" for r in results)

    sign_in(browser, live, live.keys[Role.VIEWER])
    browser.get(f"{live.url}/ui/#/screen")
    browser.find_element(By.ID, "screen-file").send_keys(str(upload))
    browser.find_element(By.ID, "screen-submit").click()
    wait(browser, lambda b: b.find_element(By.ID, "screen-status").text.startswith("Done."))
    assert browser.find_element(By.ID, "screen-progress").get_attribute("value") == str(len(results))

    def column(index: int) -> list[str]:
        return [
            td.text for td in browser.find_elements(By.CSS_SELECTOR, f"#screen-results tbody td:nth-child({index})")
        ]

    assert column(1) == [str(r["row"]) for r in results]
    assert column(3) == [r["input"]["country"] for r in results] and all(column(3))  # the file said Country/Region
    assert column(4) == [r["status"].replace("_", " ") for r in results]
    cells = browser.find_elements(By.CSS_SELECTOR, "#screen-results tbody td:nth-child(5)")
    reviews = [(r, cell) for r, cell in zip(results, cells, strict=True) if r["organization_status"] == "review"]
    assert reviews, "the list holds an ambiguous name (Zala Aero): a review row"
    for r, cell in reviews:  # every rival, not only the top one
        shown = [
            li.find_element(By.TAG_NAME, "a").text for li in cell.find_elements(By.CSS_SELECTOR, "ol.candidates li")
        ]
        assert shown == [f"{m['name']} ({m['country']})" if m["country"] else m["name"] for m in r["matches"]]
    risk_header = browser.find_element(By.XPATH, "//th[button[starts-with(., 'Risk score')]]")
    risk_header.find_element(By.TAG_NAME, "button").send_keys(Keys.ENTER)
    assert risk_header.get_attribute("aria-sort") == "ascending"
    risks = sorted(r["risk"]["score"] for r in results if r["risk"])
    assert column(7) == [str(s) for s in risks] + ["—"] * (len(results) - len(risks))  # blanks last
    risk_header.find_element(By.TAG_NAME, "button").send_keys(Keys.SPACE)
    assert risk_header.get_attribute("aria-sort") == "descending"
    assert column(7)[: len(risks)] == [str(s) for s in reversed(risks)]

    browser.find_element(By.ID, "screen-download").click()
    saved = wait_for_file(downloads, "tietrace-screening*.csv").read_bytes()
    assert saved.startswith(b"\xef\xbb\xbf")  # a byte-order mark, as the API's CSV: Excel reads UTF-8
    downloaded = list(csv.DictReader(io.StringIO(saved.decode("utf-8-sig"))))
    expected = list(csv.DictReader(io.StringIO(api_csv)))
    assert [list(d) for d in downloaded[:1]] == [list(e) for e in expected[:1]]  # the API's columns, in order
    key = ("row", "Partner Institution", "Country/Region", "status", "match_id", "match_name", "reasons", "candidates",
           "risk_score", "risk_level", "error")  # fmt: skip
    assert [{k: d[k] for k in key} for d in downloaded] == [{k: e[k] for k in key} for e in expected]
    assert [float(d["match_score"] or 0) for d in downloaded] == [float(e["match_score"] or 0) for e in expected]
