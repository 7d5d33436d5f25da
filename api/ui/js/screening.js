// Screening: upload a CSV of collaborators to POST /v1/screen as NDJSON, so results arrive one row at a time
// and the progress bar moves; then a sortable table and the results as a CSV download.

import { ApiProblem, call } from "./api.js";
import { clear, download, entityHref, h } from "./dom.js";
import { estimateRows, resultsCsv } from "./csvfile.js";
import { sortableTable } from "./sortable.js";
import { announce, clearAlert, showAlert } from "./status.js";

let results = [];
let columns = [];

const TABLE_COLUMNS = [
  { title: "Row", numeric: true, value: (r) => r.row, cell: (r) => String(r.row) },
  { title: "Organization", value: (r) => inputName(r), cell: (r) => inputName(r) },
  { title: "Country", value: (r) => r.input.country || "", cell: (r) => r.input.country || "" },
  { title: "Status", value: (r) => r.status, cell: (r) => h("span", { class: `status status-${r.status}`, text: r.status.replace("_", " ") }) },
  { title: "Best match", value: (r) => (r.matches[0] ? r.matches[0].name : r.error || ""), cell: matchCell },
  { title: "Score", numeric: true, value: (r) => (r.matches[0] ? r.matches[0].score : null), cell: (r) => (r.matches[0] ? r.matches[0].score.toFixed(2) : "—") },
  { title: "Risk score", numeric: true, value: (r) => (r.risk ? r.risk.score : null), cell: (r) => (r.risk ? String(r.risk.score) : "—") },
  { title: "Risk level", value: (r) => (r.risk ? r.risk.level : ""), cell: (r) => (r.risk ? h("span", { class: `level level-${r.risk.level}`, text: r.risk.level }) : "—") },
  { title: "Person", value: (r) => r.input.person || "", cell: personCell },
  { title: "Last active", value: (r) => r.input.last_active || "", cell: (r) => r.input.last_active || "" },
];

// The API answers every row under the same keys (input.name, input.country, input.person...), whatever the file
// called its columns; input.name is what was matched as the organization.
function inputName(r) {
  return r.input.name || r.input.person || Object.values(r.original || {}).find((v) => typeof v === "string" && v) || "";
}

function candidate(m) {
  return h(
    "li",
    { title: m.reasons.join("; ") },
    h("a", { href: entityHref(m.id), text: `${m.name}${m.country ? ` (${m.country})` : ""}` }),
    ` ${m.score.toFixed(2)}`,
    h("span", { class: "reasons", text: ` — ${m.reasons.join("; ")}` }),
  );
}

// A review row shows every candidate (the rivals a person chooses among), an error row its reason.
function matchCell(r) {
  if (r.status === "error") return h("span", { class: "row-error", text: r.error || "not screened" });
  if (!r.matches.length) return "—";
  if (r.organization_status === "review") return h("ol", { class: "candidates" }, r.matches.map(candidate));
  const best = r.matches[0];
  return h("a", { href: entityHref(best.id), text: `${best.name}${best.country ? ` (${best.country})` : ""}` });
}

function personCell(r) {
  if (!r.person) return r.input.person || "";
  const top = r.person.matches[0];
  const found = r.person.status === "no_match" || !top ? "no match" : null;
  return h(
    "span",
    {},
    `${r.input.person}: `,
    h("span", { class: `status status-${r.person.status}`, text: r.person.status.replace("_", " ") }),
    found ? "" : [" ", h("a", { href: entityHref(top.id), text: `${top.name} ${top.score.toFixed(2)}` })],
  );
}

function rememberColumns(original) {
  for (const key of Object.keys(original || {})) if (!columns.includes(key)) columns.push(key);
}

async function screen(file, profile) {
  const progress = document.getElementById("screen-progress");
  const status = document.getElementById("screen-status");
  const out = document.getElementById("screen-results");
  const button = document.getElementById("screen-submit");
  const downloadButton = document.getElementById("screen-download");
  results = [];
  columns = [];
  clear(out);
  clearAlert();
  downloadButton.hidden = true;
  const expected = estimateRows(await file.text());
  progress.max = Math.max(expected, 1);
  progress.value = 0;
  progress.hidden = false;
  status.textContent = `Screening ${expected} row(s)…`;
  button.disabled = true;
  const view = sortableTable("Screening results (select a column header to sort)", TABLE_COLUMNS, results);
  out.append(h("p", { id: "screen-summary", class: "summary" }), view.element);

  const form = new FormData();
  form.append("file", file, file.name);
  try {
    const response = await call(`/v1/screen?${new URLSearchParams({ format: "ndjson", profile })}`, {
      method: "POST",
      body: form,
      headers: { Accept: "application/x-ndjson" },
    });
    const warnings = response.headers.get("Tietrace-Warnings");
    if (warnings) out.prepend(h("ul", { class: "warnings" }, JSON.parse(warnings).map((w) => h("li", { text: w }))));
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    const take = (line) => {
      if (!line.trim()) return;
      const result = JSON.parse(line);
      rememberColumns(result.original);
      view.add(result);
      progress.max = Math.max(progress.max, results.length);
      progress.value = results.length;
      status.textContent = `${results.length} of about ${expected} row(s) screened…`;
    };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const lines = buffer.split("\n");
      buffer = lines.pop();
      lines.forEach(take);
    }
    take(buffer);
    const counts = { match: 0, review: 0, no_match: 0, error: 0 };
    for (const r of results) counts[r.status] += 1;
    const errors = counts.error ? `, ${counts.error} not screened (see their reasons)` : "";
    const summary = `${results.length} row(s): ${counts.match} match, ${counts.review} review, ${counts.no_match} no match${errors}.`;
    document.getElementById("screen-summary").textContent = summary;
    status.textContent = `Done. ${summary}`;
    progress.value = progress.max;
    downloadButton.hidden = false;
    announce(`Screening done. ${summary}`);
  } catch (error) {
    progress.hidden = true;
    status.textContent = "Screening failed.";
    showAlert(error instanceof ApiProblem ? problemText(error) : String(error));
  } finally {
    button.disabled = false;
  }
}

// A 422 names every bad row and column: list them, not only the first.
function problemText(error) {
  const errors = (error.problem && error.problem.errors) || [];
  if (!errors.length) return error.message;
  const lines = errors.slice(0, 10).map((e) => (e.row ? `row ${e.row}${e.column ? `, ${e.column}` : ""}: ${e.msg}` : e.msg));
  return `${error.message}\n${lines.join("\n")}`;
}

export function setupScreening() {
  const form = document.getElementById("screen-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = document.getElementById("screen-file").files[0];
    if (!file) {
      showAlert("Choose a CSV file of collaborators first.");
      document.getElementById("screen-file").focus();
      return;
    }
    screen(file, document.getElementById("screen-profile").value);
  });
  document.getElementById("screen-download").addEventListener("click", () => {
    download(new Blob([resultsCsv(columns, results)], { type: "text/csv;charset=utf-8" }), "tietrace-screening.csv");
  });
}
