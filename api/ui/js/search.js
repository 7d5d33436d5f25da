// Search organizations by name (GET /v1/entities?q=, fuzzy, scored) or by identifier (scheme:value).

import { ApiProblem, getJson } from "./api.js";
import { clear, entityHref, h } from "./dom.js";
import { announce, showAlert } from "./status.js";

const IDENTIFIER = /^(lei|ror|openalex|wikidata|uei|duns|grid|isni|registry|orcid):\S/i;
let latest = 0; // answers to older keystrokes are dropped

async function search(text) {
  const list = document.getElementById("search-results");
  const asked = ++latest;
  if (!text.trim()) {
    clear(list);
    return;
  }
  const params = IDENTIFIER.test(text.trim()) ? { identifier: text.trim() } : { q: text.trim(), limit: 15 };
  try {
    const answer = await getJson("/v1/entities", params);
    if (asked !== latest) return;
    render(list, answer.results);
    announce(`${answer.results.length} result${answer.results.length === 1 ? "" : "s"} for ${text.trim()}`);
  } catch (error) {
    if (asked !== latest) return;
    clear(list);
    showAlert(error instanceof ApiProblem ? error.message : String(error));
  }
}

function render(list, results) {
  clear(list);
  if (!results.length) {
    list.append(h("li", { class: "empty", text: "No organization is named like that." }));
    return;
  }
  for (const r of results) {
    list.append(
      h(
        "li",
        {},
        h("a", { href: entityHref(r.id), class: "result-name", text: r.name || r.id }),
        h(
          "span",
          { class: "result-meta" },
          [r.label, r.kind, r.country ? `country ${r.country}` : "country unknown"].filter(Boolean).join(" · "),
          ` · match ${Math.round(r.score * 100)} %`,
        ),
      ),
    );
  }
}

export function setupSearch() {
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-q");
  let timer = null;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 250); // fuzzy results while typing, without a call per key
  });
}
