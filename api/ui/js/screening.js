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
  {
    title: "Best match",
    value: (r) => (r.matches[0] ? r.matches[0].name : ""),
    cell: (r) => (r.matches[0] ? h("a", { href: entityHref(r.matches[0].id), text: `${r.matches[0].name}${r.matches[0].country ? ` (${r.matches[0].country})` : ""}` }) : "—"),
  },
  { title: "Score", numeric: true, value: (r) => (r.matches[0] ? r.matches[0].score : null), cell: (r) => (r.matches[0] ? r.matches[0].score.toFixed(2) : "—") },
  { title: "Risk score", numeric: true, value: (r) => (r.risk ? r.risk.score : null), cell: (r) => (r.risk ? String(r.risk.score) : "—") },
  { title: "Risk level", value: (r) => (r.risk ? r.risk.level : ""), cell: (r) => (r.risk ? h("span", { class: `level level-${r.risk.level}`, text: r.risk.level }) : "—") },
];

function inputName(r) {
  const input = r.input;
  const named = Object.entries(input).find(([k]) => /organi[sz]ation|institution|company|partner|^name$/i.test(k));
  return (named && named[1]) || input.affiliation || Object.values(input).find((v) => typeof v === "string" && v) || "";
}

function rememberColumns(input) {
  for (const key of Object.keys(input)) if (!columns.includes(key)) columns.push(key);
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
      rememberColumns(result.input);
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
    const counts = { match: 0, review: 0, no_match: 0 };
    for (const r of results) counts[r.status] += 1;
    const summary = `${results.length} row(s): ${counts.match} match, ${counts.review} review, ${counts.no_match} no match.`;
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
