// The researcher view (#/researcher, #/researcher/<ref>): a person's review under a funder's decision rules from
// GET /v1/people/{ref}/review: the overall action, each rule that fires with its citation and facts (co-authorships
// with their DOI, co-author and listing), and the timeline of affiliations. Everything is set as text (dom.js).

import { getJson } from "./api.js";
import { append, clear, entityHref, h, table } from "./dom.js";
import { showAlert } from "./status.js";

const ACTION_TEXT = {
  prohibited: "Prohibited",
  mitigation_required: "Mitigation required",
  mitigation_suggested: "Mitigation suggested",
  none: "No rule met",
};

function factLine(fact) {
  const org = fact.organization;
  const lists = [...new Set(fact.listings.map((l) => l.list_id || l.title || l.watchlist))].join(", ");
  const orgLink = h("a", { href: entityHref(org.id), text: `${org.name || org.id} (${org.country || "?"})` });
  const sources = fact.sources.filter((s) => s.dataset).map((s) => `${s.dataset}:${s.source_id}`).join(", ");
  if (fact.kind === "coauthorship" && fact.publication && fact.coauthor) {
    const doi = fact.publication.doi;
    const pub = doi ? h("a", { href: `https://doi.org/${doi}`, rel: "noreferrer", text: doi }) : fact.publication.id;
    return h("li", {}, `${fact.date || "?"}: co-authored `, pub, ` with ${fact.coauthor.name || fact.coauthor.id} at `,
      orgLink, lists ? ` (listed on ${lists})` : "", sources ? ` [${sources}]` : "");
  }
  return h("li", {}, `${fact.date || "?"}: ${fact.kind} (${fact.detail}) `, orgLink,
    lists ? ` (listed on ${lists})` : "", sources ? ` [${sources}]` : "");
}

function render(section, answer) {
  const person = answer.person;
  const fired = answer.findings.filter((f) => f.action !== "none");
  append(section, [
    h("h2", { text: `${person.name || person.id}${person.orcid ? ` · ORCID ${person.orcid}` : ""}` }),
    h("p", { class: `action action-${answer.overall}` },
      `${ACTION_TEXT[answer.overall]} under ${answer.rule_set_title} as of ${answer.as_of}`),
    answer.records.length > 1
      ? h("p", { class: "muted", text: `Records: ${answer.records.map((r) => `${r.id} (${r.via})`).join(", ")}` })
      : null,
    h("h3", { text: "Rules met" }),
    fired.length === 0 ? h("p", { text: "No rule of this set is met by the facts found." }) : null,
    fired.map((f) => h("article", { class: "finding" },
      h("h4", { text: `${ACTION_TEXT[f.action]}: ${f.rule} (${f.window})` }),
      h("p", { class: "muted" }, `${f.citation.document}, ${f.citation.date}: ${f.citation.section}. `,
        h("a", { href: f.citation.url, rel: "noreferrer", text: "Source" })),
      f.note ? h("p", { class: "muted", text: f.note }) : null,
      h("ul", {}, f.facts.slice(0, 50).map(factLine)))),
    h("h3", { text: "Affiliations over time" }),
    table("Affiliations over time", ["From", "To", "Organization", "Evidence", "Listed"],
      answer.timeline.map((s) => [s.first || "?", s.last || "?",
        h("a", { href: entityHref(s.organization.id), text: s.organization.name || s.organization.id }),
        String(s.evidence), s.listed ? "listed" : ""])),
    h("h3", { text: "Limitations" }),
    h("ul", {}, answer.limitations.map((line) => h("li", { text: line }))),
  ]);
}

export async function showResearcher(ref) {
  const section = clear(document.getElementById("view-researcher"));
  const form = h("form", { class: "search-form", role: "search" },
    h("label", { for: "researcher-q", text: "Researcher: ORCID (orcid:0000-…), OpenAlex author id (A…) or id" }),
    h("div", { class: "row" },
      h("input", { id: "researcher-q", name: "q", type: "search", value: ref || "", autocomplete: "off" }),
      h("select", { id: "researcher-rules", name: "rules", "aria-label": "Decision rules" },
        h("option", { value: "dow-decision-matrix-2026-03", text: "DoW decision matrix (March 2026)" }),
        h("option", { value: "nsf-dcl-2026-07-08", text: "NSF letter of 2026-07-08" })),
      h("button", { type: "submit", text: "Review" })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = form.elements.q.value.trim();
    const rules = form.elements.rules.value;
    if (value) location.hash = `#/researcher/${encodeURIComponent(value)}?rules=${encodeURIComponent(rules)}`;
  });
  section.append(h("h1", { id: "researcher-h", tabindex: "-1", text: "Review a researcher" }), form);
  if (!ref) return;
  const [who, query] = ref.split("?");
  const rules = new URLSearchParams(query || "").get("rules") || "dow-decision-matrix-2026-03";
  form.elements.q.value = who;
  form.elements.rules.value = rules;
  try {
    const answer = await getJson(`/v1/people/${encodeURIComponent(who)}/review`, { rules });
    render(section, answer);
  } catch (error) {
    showAlert(error.message);
  }
}
