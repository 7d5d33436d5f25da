// The risk score and its factors: each factor a <details> that opens to its evidence, every fact with its path
// and sources. The level is written out, never shown by color alone.

import { h } from "./dom.js";
import { pathList } from "./paths.js";

const FACTOR_NAMES = {
  watchlist_proximity: "Watchlist proximity",
  foreign_control: "Foreign control",
  foreign_funding: "Foreign funding",
  sensitive_exposure: "Sensitive exposure",
  flagged_equipment: "Equipment from flagged sources",
  data_quality: "Data quality",
};

export function levelBadge(level, score) {
  return h("span", { class: `level level-${level}` }, `${level.toUpperCase()}${score === undefined ? "" : ` · ${score}/100`}`);
}

function evidenceItem(item) {
  return h(
    "li",
    {},
    h("p", { class: "evidence-summary", text: item.summary || "evidence" }),
    item.path && item.path.hops && item.path.hops.length ? pathList(item.path) : null,
  );
}

function factor(f) {
  const points = (f.weight * f.value).toFixed(1);
  const name = FACTOR_NAMES[f.name] || f.name;
  return h(
    "details",
    { class: "factor", "data-factor": f.name },
    h(
      "summary",
      {},
      h("span", { class: "factor-name", text: name }),
      h("span", { class: "factor-points", text: ` ${points} of ${f.weight} points` }),
      h("span", { class: "factor-why", text: ` — ${f.explanation}` }),
    ),
    f.evidence.length
      ? h("ul", { class: "evidence" }, f.evidence.map(evidenceItem))
      : h("p", { class: "muted", text: "No evidence: this factor adds nothing." }),
  );
}

export function riskSection(risk) {
  return h(
    "section",
    { class: "card", "aria-labelledby": "risk-h" },
    h("h2", { id: "risk-h" }, "Risk ", levelBadge(risk.level, risk.score)),
    h("p", { class: "muted", text: `Profile ${risk.profile}. Open a factor to see its evidence and sources.` }),
    (risk.rules || []).length
      ? h(
          "ul",
          { class: "level-rules" },
          risk.rules.map((r) => h("li", {}, h("strong", { text: `Level at least ${r.level}: ` }), r.explanation)),
        )
      : "",
    h("div", { class: "factors" }, risk.factors.map(factor)),
  );
}
