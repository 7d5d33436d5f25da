// One entity: identity, identifiers and sources (GET /v1/entities/{id}), then the due-diligence answer
// (GET /v1/entities/{id}/check): risk with evidence, the network, controllers, funding, listings, research ties.

import { ApiProblem, entityPath, getJson } from "./api.js";
import { clear, displayName, entityHref, h, money, pct, table, yesNo } from "./dom.js";
import { showNetwork } from "./network.js";
import { pathList, sourceLine } from "./paths.js";
import { levelBadge, riskSection } from "./risk.js";
import { announce, showAlert } from "./status.js";

const PROFILES = ["us-research-security", "cn-biosecurity"];
let shown = null; // the entity id on screen, so a slow answer for an earlier one is dropped

function link(ref) {
  if (!ref) return "—";
  const text = `${displayName(ref)}${ref.country ? ` (${ref.country})` : ""}`;
  return ref.label === "Organization" || ref.label === "Person" ? h("a", { href: entityHref(ref.id), text }) : text;
}

// A long list of names stays readable: the first few, the rest behind a disclosure.
function namesList(names, cls) {
  const first = names.slice(0, 8);
  const rest = names.slice(8);
  return h(
    "div",
    { class: cls },
    h("ul", { class: "names" }, first.map((n) => h("li", { text: n }))),
    ...(rest.length ? [h("details", {}, h("summary", { text: `${rest.length} more` }), h("ul", { class: "names" }, rest.map((n) => h("li", { text: n }))))] : []),
  );
}

function identity(detail) {
  const rows = [
    ["Internal id", h("code", { text: detail.id })],
    ["Type", [detail.label, detail.kind].filter(Boolean).join(", ") || "unknown"],
    // A country read from how the source uses a name (Section 117's "KOREA") says so.
    ["Country", [detail.country || "unknown", detail.country_note ? ` (${detail.country_note})` : ""].join("")],
    ...Object.entries(detail.identifiers).map(([scheme, value]) => [scheme.toUpperCase(), h("code", { text: value })]),
  ];
  // Every other name the sources give, and former names (docs/names.md): the display name is the heading.
  const names = detail.names || {};
  if (names.also_known_as && names.also_known_as.length) rows.push(["Also known as", namesList(names.also_known_as, "aka")]);
  if (names.previously && names.previously.length) rows.push(["Previously", namesList(names.previously, "previously")]);
  return h(
    "section",
    { class: "card", "aria-labelledby": "identity-h" },
    h("h2", { id: "identity-h", text: "Identity" }),
    h("dl", { class: "facts" }, rows.map(([k, v]) => [h("dt", { text: k }), h("dd", {}, v)])),
    h("h3", { text: "Sources" }),
    h("ul", {}, detail.sources.map((s) => h("li", {}, sourceLine(s)))),
    ...(detail.same_as && detail.same_as.length
      ? [
          h("h3", { text: "Also recorded as" }),
          h("p", { class: "muted", text: "Records from other sources that resolution judged to be this organization; the answers below count them as one." }),
          h("ul", { class: "same-as" }, detail.same_as.map((r) => h("li", {}, link(r)))),
        ]
      : []),
  );
}

function controllersSection(controllers) {
  const rows = controllers.map((c) => [
    link(c),
    c.effective_pct_range ? `${c.effective_pct_range[0]}–${c.effective_pct_range[1]} %` : pct(c.effective_pct),
    // A board seat is influence, not control (queries/control.py), and says so rather than a bare "no".
    c.controls ? yesNo(true) : c.influence ? "board seat (influence)" : yesNo(false),
    yesNo(c.is_ultimate),
    yesNo(c.foreign),
    h("details", {}, h("summary", { text: `${c.paths.length} path${c.paths.length === 1 ? "" : "s"}` }), c.paths.map(pathList)),
  ]);
  return h(
    "section",
    { class: "card", "aria-labelledby": "controllers-h" },
    h("h2", { id: "controllers-h", text: "Who owns and controls it" }),
    rows.length
      ? table("Owners and controllers, with effective ownership", ["Controller", "Effective ownership", "Controls", "Ultimate", "Foreign", "Paths"], rows)
      : h("p", { class: "muted", text: "No owner or controller found." }),
  );
}

function groups(caption, keyTitle, list, currency) {
  return table(caption, [keyTitle, `Amount (${currency})`, "Flows"], list.map((g) => [g.key, money(g.amount), String(g.flows)]));
}

function fundingSection(f) {
  const share = f.foreign_share === null ? "unknown" : `${Math.round(f.foreign_share * 100)} %`;
  return h(
    "section",
    { class: "card", "aria-labelledby": "funding-h" },
    h("h2", { id: "funding-h", text: "Who funds it" }),
    h(
      "p",
      {},
      `Total ${money(f.total, f.currency)}, of which foreign ${money(f.foreign_total, f.currency)} (${share}). `,
      `Converted at the rates of ${f.rates_date}`,
      f.unconverted ? `; ${f.unconverted} flow(s) in a currency without a rate are left out.` : ".",
    ),
    f.flows.length
      ? [
          groups("Funding by funder country", "Funder country", f.by_funder_country, f.currency),
          groups("Funding by the country of the funder's ultimate controller", "Ultimate controller country", f.by_ultimate_country, f.currency),
          groups("Funding by funder", "Funder", f.by_funder, f.currency),
        ]
      : h("p", { class: "muted", text: "No funding found." }),
  );
}

function proximitySection(found) {
  return h(
    "section",
    { class: "card", "aria-labelledby": "proximity-h" },
    h("h2", { id: "proximity-h", text: "Watchlist proximity" }),
    found.length
      ? h(
          "ul",
          {},
          found.map((p) =>
            h(
              "li",
              {},
              h(
                "p",
                {},
                link(p.listed),
                ` is on ${(p.list && p.list.title) || p.watchlist.name || p.watchlist.id}`,
                p.listed_from ? ` since ${p.listed_from}` : " (listing date unknown)",
                p.list && p.list.snapshot ? `, as published in ${p.list.snapshot}` : "",
                `, ${p.hops} hop(s) away`,
                { counted: "", uncounted: " — weighs less under this profile", information: " — information only" }[p.weight] || "",
                p.note && p.weight !== "counted" ? ` (${p.note})` : "",
              ),
              pathList(p.path),
            ),
          ),
        )
      : h("p", { class: "muted", text: "No listed entity within reach." }),
  );
}

function tiesSection(ties) {
  const rows = ties.map((t) => [
    t.kind.replaceAll("_", " "),
    link(t.other),
    t.via ? displayName(t.via) : "—",
    t.date || "—",
    [t.foreign ? "foreign" : "", t.listed ? "listed" : "", ...t.sensitive.map((s) => `sensitive: ${s}`)].filter(Boolean).join(", ") || "—",
  ]);
  return h(
    "section",
    { class: "card", "aria-labelledby": "ties-h" },
    h("h2", { id: "ties-h", text: "Research ties" }),
    rows.length
      ? table("Co-publications, shared grants and equipment received", ["Kind", "With", "Through", "Date", "Flags"], rows)
      : h("p", { class: "muted", text: "No research ties found." }),
  );
}

const ROLE_WORDS = { owns: "owns", directs: "directs", works_for: "works for", grant_pi: "grant PI at" };

// For a person: the organizations they own, direct, work for or hold a grant through, each with its path.
function rolesSection(roles, entity) {
  if (entity.label !== "Person") return [];
  const rows = roles.map((r) => [
    ROLE_WORDS[r.role] || r.role,
    link(r.organization),
    r.share_range ? `${r.share_range[0]}–${r.share_range[1]} %` : pct(r.share_pct),
    r.influence ? "board seat (influence)" : r.controls ? `controls (${r.control_type})` : "—",
    pathList(r.path),
  ]);
  return [
    h(
      "section",
      { class: "card", "aria-labelledby": "roles-h" },
      h("h2", { id: "roles-h", text: "Organizations they own, direct or work for" }),
      rows.length
        ? table("Organizations and the person's role in each", ["Role", "Organization", "Share", "Control", "Path"], rows)
        : h("p", { class: "muted", text: "No organization ties found." }),
    ),
  ];
}

function optionsForm(id, profile, asOf) {
  const select = h("select", { id: "profile" }, PROFILES.map((p) => h("option", { value: p, selected: p === profile, text: p })));
  const date = h("input", { id: "as-of", type: "date", value: asOf || "" });
  return h(
    "form",
    {
      class: "options",
      onsubmit: (event) => {
        event.preventDefault();
        loadCheck(id, select.value, date.value);
      },
    },
    h("label", { for: "profile", text: "Profile" }),
    select,
    h("label", { for: "as-of", text: "As of" }),
    date,
    h("button", { type: "submit", text: "Update" }),
  );
}

// GLEIF's own word on why it reports no parent: "withheld" and "no data" are different answers.
function exceptionsSection(found) {
  if (!found.length) return [];
  return [
    h(
      "section",
      { class: "card", "aria-labelledby": "exceptions-h" },
      h("h2", { id: "exceptions-h", text: "GLEIF reporting exceptions" }),
      h(
        "ul",
        {},
        found.map((e) =>
          h(
            "li",
            {},
            `No ${e.category.split("_")[0].toLowerCase()} parent reported: ${e.reasons.join(", ")}`,
            e.as_of ? ` (as of ${e.as_of})` : "",
            e.withholding ? " — who controls it is withheld" : "",
            e.reference ? h("span", { class: "muted", text: ` — ${e.reference}` }) : "",
          ),
        ),
      ),
    ),
  ];
}

// One section per question of the registry (queries/questions.py), keyed by the question's name, in the page's
// order: what GLEIF and the person's roles say of the entity itself first, then the network, then the rest.
// tests/unit/test_questions.py holds these keys, and the sections' titles, to the registry.
const SECTIONS = [
  ["reporting_exceptions", (check) => exceptionsSection(check.reporting_exceptions || [])],
  ["roles", (check) => rolesSection(check.roles || [], check.entity)],
  ["network", () => [h("section", { class: "card", id: "network-card", "aria-labelledby": "network-h" })]],
  ["controllers", (check) => [controllersSection(check.controllers)]],
  ["funding", (check) => [fundingSection(check.funding)]],
  ["proximity", (check) => [proximitySection(check.proximity)]],
  ["ties", (check) => [tiesSection(check.ties)]],
];

async function loadCheck(id, profile, asOf) {
  const target = document.getElementById("entity-answer");
  clear(target).append(h("p", { class: "loading", text: "Investigating: owners, funding, listings, ties…" }));
  target.setAttribute("aria-busy", "true");
  try {
    const check = await getJson(entityPath(id, "/check"), { profile, as_of: asOf });
    if (shown !== id) return;
    clear(target).append(riskSection(check.risk), ...SECTIONS.flatMap(([, render]) => render(check)));
    showNetwork(document.getElementById("network-card"), check);
    const level = document.getElementById("entity-level");
    clear(level).append(levelBadge(check.risk.level, check.risk.score));
    announce(`Risk ${check.risk.level}, ${check.risk.score} of 100`);
  } catch (error) {
    clear(target);
    showAlert(error instanceof ApiProblem ? error.message : String(error));
  } finally {
    target.removeAttribute("aria-busy");
  }
}

export async function showEntity(id) {
  shown = id;
  const view = document.getElementById("view-entity");
  const heading = h("h1", { tabindex: "-1", text: "Loading…" });
  clear(view).append(heading);
  try {
    const detail = await getJson(entityPath(id));
    if (shown !== id) return;
    heading.textContent = detail.name || detail.id;
    document.title = `${detail.name || detail.id} · tietrace`;
    view.append(
      h("p", { class: "subtitle" }, [detail.label, detail.kind, detail.country].filter(Boolean).join(" · "), " ", h("span", { id: "entity-level" })),
      optionsForm(detail.id, PROFILES[0], ""),
      h("div", { class: "grid" }, identity(detail), h("div", { id: "entity-answer" })),
    );
    await loadCheck(detail.id, PROFILES[0], "");
  } catch (error) {
    heading.textContent = "Entity";
    showAlert(error instanceof ApiProblem ? error.message : String(error));
  }
}
