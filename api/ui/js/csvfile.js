// CSV in and out for the screening page: a row estimate for the progress bar, and the results as a CSV file in
// the API's own format (GET /v1/screen?format=csv columns), formula-looking cells defused the same way.

const FORMULA_START = ["=", "+", "-", "@", "\t", "\r"];

// Collaborator rows in a CSV file, near enough for a progress bar: non-blank lines after the header. A value
// with a line break inside quotes makes it an overestimate, so the bar never claims to be done too early.
export function estimateRows(text) {
  return Math.max(0, text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== "").length - 1);
}

function cell(value) {
  if (value === null || value === undefined) return "";
  let text = typeof value === "object" ? Object.entries(value).map(([k, v]) => `${k}:${v}`).join("; ") : String(value);
  if (typeof value === "string" && FORMULA_START.some((c) => text.startsWith(c))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// Excel reads a UTF-8 CSV as the local code page unless it starts with a byte-order mark (as the API's CSV does).
const BOM = "\ufeff";

function candidates(r) {
  if (r.organization_status !== "review") return null;
  return r.matches.map((m) => `${m.name}${m.country ? ` (${m.country})` : ""} [${m.id}] ${m.score.toFixed(2)}: ${m.reasons.join(", ")}`).join(" || ");
}

export function resultsCsv(columns, results) {
  const header = ["row", ...columns, "status", "match_id", "match_name", "match_country", "match_score", "reasons", "candidates", "risk_score", "risk_level", "person_status", "person_match_id", "person_match_name", "person_match_score", "error"];
  const lines = [header.map(cell).join(",")];
  for (const r of results) {
    const best = r.matches[0];
    const cells = [r.row, ...columns.map((c) => (r.original || {})[c]), r.status];
    cells.push(...(best ? [best.id, best.name, best.country, best.score, best.reasons.join(" | ")] : [null, null, null, null, null]));
    cells.push(candidates(r));
    cells.push(...(r.risk ? [r.risk.score, r.risk.level] : [null, null]));
    const top = r.person && r.person.matches[0];
    cells.push(r.person ? r.person.status : null);
    cells.push(...(top ? [top.id, top.name, top.score] : [null, null, null]));
    cells.push(r.error);
    lines.push(cells.map(cell).join(","));
  }
  return `${BOM}${lines.join("\r\n")}\r\n`;
}
