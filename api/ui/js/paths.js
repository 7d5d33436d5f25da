// A path of an answer as text a person can check: each step with its relationship, share or dates, and the
// source record it comes from (dataset, record id, link, retrieval date).

import { displayName, h, pct, webHref } from "./dom.js";

const VERBS = {
  OWNS: "owns",
  CONTROLS: "controls",
  FUNDS: "funds",
  AWARDED_TO: "awarded to",
  AUTHORED: "authored",
  AFFILIATED_WITH: "affiliated with",
  ACKNOWLEDGES: "acknowledges",
  GAVE: "gave",
  GIVEN_TO: "given to",
  SUPPLIED_BY: "supplied by",
  LISTED_ON: "listed on",
  SAME_AS: "same as",
};

export function verb(type) {
  return VERBS[type] || type.toLowerCase().replaceAll("_", " ");
}

// Share, control type and validity of a relationship, as a short phrase ("60 %", "25-50 %", "golden share").
export function hopDetails(hop) {
  const parts = [];
  if (hop.share_pct !== null && hop.share_pct !== undefined) parts.push(pct(hop.share_pct));
  else if (hop.share_range) parts.push(`${hop.share_range[0]}–${hop.share_range[1]} %`);
  // A board seat is influence, not control (queries/control.py): the phrase says so.
  if (hop.control_type === "board_seats") parts.push("board seat (influence)");
  else if (hop.control_type) parts.push(hop.control_type.replaceAll("_", " "));
  if (hop.program) parts.push(hop.program);
  if (hop.role) parts.push(hop.role);
  if (hop.valid_from || hop.valid_to) parts.push(`${hop.valid_from || "…"} to ${hop.valid_to || "now"}`);
  return parts.join(", ");
}

export function sourceLine(source) {
  if (!source) return h("span", { class: "source", text: "source unknown" });
  const record = [source.dataset, source.source_id].filter(Boolean).join(" · ") || "source unknown";
  const href = webHref(source.source_url);
  // Only http(s) becomes a link; any other URL is shown as text beside the record, so nothing is hidden.
  const other = !href && source.source_url ? ` (${source.source_url})` : "";
  return h(
    "span",
    { class: "source" },
    "Source: ",
    href ? h("a", { href, rel: "noopener noreferrer", text: record }) : `${record}${other}`,
    source.retrieved_at ? `, retrieved ${source.retrieved_at.slice(0, 10)}` : "",
  );
}

export function pathList(path) {
  const names = new Map(path.nodes.map((n) => [n.id, n]));
  const label = (id) => {
    const node = names.get(id);
    return node ? `${displayName(node)}${node.country ? ` (${node.country})` : ""}` : id;
  };
  return h(
    "ol",
    { class: "path" },
    path.hops.map((hop) => {
      const details = hopDetails(hop);
      return h(
        "li",
        {},
        h("span", { class: "hop" }, `${label(hop.start)} ${verb(hop.type)} ${label(hop.end)}`, details ? ` (${details})` : ""),
        " ",
        sourceLine(hop.source),
      );
    }),
  );
}
