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

export function resultsCsv(columns, results) {
  const header = ["row", ...columns, "status", "match_id", "match_name", "match_country", "match_score", "reasons", "risk_score", "risk_level"];
  const lines = [header.map(cell).join(",")];
  for (const r of results) {
    const best = r.matches[0];
    const cells = [r.row, ...columns.map((c) => r.input[c]), r.status];
    cells.push(...(best ? [best.id, best.name, best.country, best.score, best.reasons.join(" | ")] : [null, null, null, null, null]));
    cells.push(...(r.risk ? [r.risk.score, r.risk.level] : [null, null]));
    lines.push(cells.map(cell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
