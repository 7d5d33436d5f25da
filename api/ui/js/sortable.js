// A table whose column headers are buttons: Enter or Space (or a click) sorts by that column, again reverses;
// aria-sort on the header tells screen readers the order.

import { clear, h } from "./dom.js";

// columns: [{ title, value(row) -> string|number|null, cell(row) -> Node|string, numeric }]
export function sortableTable(caption, columns, rows) {
  let sortIndex = null;
  let ascending = true;
  const tbody = h("tbody");
  const headers = columns.map((col, index) =>
    h(
      "th",
      { scope: "col", "aria-sort": "none" },
      h("button", { type: "button", class: "sort", onclick: () => sortBy(index), text: col.title }, h("span", { class: "sort-mark", "aria-hidden": "true", text: "" })),
    ),
  );

  function compare(a, b) {
    const col = columns[sortIndex];
    const x = col.value(a);
    const y = col.value(b);
    if (x === y) return 0;
    if (x === null || x === undefined || x === "") return 1; // blanks last, whichever the direction
    if (y === null || y === undefined || y === "") return -1;
    const order = col.numeric ? Number(x) - Number(y) : String(x).localeCompare(String(y), "en", { sensitivity: "base" });
    return ascending ? order : -order;
  }

  function render() {
    const shown = sortIndex === null ? rows : [...rows].sort(compare);
    clear(tbody).append(...shown.map((row) => h("tr", {}, columns.map((col) => h("td", { class: col.numeric ? "num" : null }, col.cell(row))))));
    headers.forEach((th, index) => {
      const state = index === sortIndex ? (ascending ? "ascending" : "descending") : "none";
      th.setAttribute("aria-sort", state);
      th.querySelector(".sort-mark").textContent = state === "ascending" ? " ▲" : state === "descending" ? " ▼" : "";
    });
  }

  function sortBy(index) {
    ascending = sortIndex === index ? !ascending : true;
    sortIndex = index;
    render();
  }

  const element = h("table", { class: "sortable" }, h("caption", { text: caption }), h("thead", {}, h("tr", {}, headers)), tbody);
  render();
  return { element, add(row) { rows.push(row); render(); } };
}
