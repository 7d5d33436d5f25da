// The network view: cytoscape.js (vendored, MIT) drawing the check answer's paths. Nodes are colored by
// country or by risk (a toggle), and their shape and caption say the same in words. Clicking a node (or its
// "Expand" button in the list under the drawing, for keyboards and screen readers) adds its neighbours.

import { ApiProblem, entityPath, getJson } from "./api.js";
import { clear, download, entityHref, h } from "./dom.js";
import { addNeighbours, fromCheck, MARK_TEXT, SHAPES } from "./graphdata.js";
import { announce, showAlert } from "./status.js";
import { toSvg } from "./svg.js";

// Fill colors with dark text on a white label background, so labels keep AA contrast whatever the fill.
const RISK_COLORS = {
  subject: "#1c3f94",
  listed: "#b3001b",
  watchlist: "#6a2c91",
  foreign: "#c25400",
  other: "#6b7280",
};
const COUNTRY_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#ff7f0e", "#393b79", "#637939", "#843c39"];
const UNKNOWN_COUNTRY = "#9ca3af";
const EDGE_COLORS = { OWNS: "#1f2937", CONTROLS: "#1f2937", LISTED_ON: "#b3001b", FUNDS: "#166534", GAVE: "#166534", AWARDED_TO: "#166534", GIVEN_TO: "#166534" };

let state = null; // { cy, net, colorBy, subject, card }

function countryColors(net) {
  const countries = [...new Set([...net.nodes.values()].map((n) => n.country).filter(Boolean))].sort();
  return new Map(countries.map((c, i) => [c, COUNTRY_PALETTE[i % COUNTRY_PALETTE.length]]));
}

function colorOf(node, colorBy, countries) {
  if (colorBy === "risk") return RISK_COLORS[node.mark] || RISK_COLORS.other;
  return node.country ? countries.get(node.country) : UNKNOWN_COUNTRY;
}

function paint() {
  const { cy, net, colorBy } = state;
  const countries = countryColors(net);
  cy.batch(() => {
    cy.nodes().forEach((n) => n.data("color", colorOf(n.data(), colorBy, countries)));
  });
  renderLegend(countries);
}

const STYLE = [
  {
    selector: "node",
    style: {
      shape: "data(shape)",
      "background-color": "data(color)",
      width: 34,
      height: 34,
      "border-width": 2,
      "border-color": "#111827",
      label: "data(caption)",
      "text-wrap": "wrap",
      "text-max-width": "150px",
      "font-size": 10,
      "font-family": "system-ui, sans-serif",
      color: "#111827",
      "text-valign": "bottom",
      "text-margin-y": 4,
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.9,
      "text-background-padding": "2px",
    },
  },
  { selector: "node[mark = 'subject']", style: { width: 46, height: 46, "border-width": 5, "border-style": "double" } },
  { selector: "node[mark = 'listed'], node[mark = 'watchlist']", style: { "border-width": 4, "border-color": "#7f0012" } },
  { selector: "node:selected", style: { "overlay-color": "#2563eb", "overlay-opacity": 0.25, "overlay-padding": 6 } },
  {
    selector: "edge",
    style: {
      width: 2,
      "curve-style": "bezier",
      "line-color": "data(color)",
      "target-arrow-color": "data(color)",
      "target-arrow-shape": "triangle",
      label: "data(caption)",
      "font-size": 9,
      "font-family": "system-ui, sans-serif",
      color: "#111827",
      "text-rotation": "autorotate",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.9,
      "text-background-padding": "1px",
    },
  },
  { selector: "edge[type = 'LISTED_ON']", style: { "line-style": "dashed", width: 3 } },
  { selector: "edge[type = 'AUTHORED'], edge[type = 'AFFILIATED_WITH'], edge[type = 'SAME_AS']", style: { "line-style": "dotted" } },
];

function edgeElements(net) {
  return net.elements().map((el) => (el.group === "edges" ? { ...el, data: { ...el.data, color: EDGE_COLORS[el.data.type] || "#4b5563" } } : el));
}

// Rings around the subject: each node on the ring of its distance (in relationships) from the subject, so
// owners, funders and listings one step away surround it and their own ties sit further out.
function layout(fit = true) {
  const { cy, subject } = state;
  const root = cy.getElementById(subject);
  const distances = cy.elements().dijkstra({ root, directed: false });
  const ring = (node) => {
    const d = distances.distanceTo(node);
    return Number.isFinite(d) ? d : 99;
  };
  cy.layout({
    name: "concentric",
    concentric: (node) => 100 - ring(node),
    levelWidth: () => 1,
    minNodeSpacing: 46,
    spacingFactor: 1.05,
    padding: 30,
    fit,
    animate: false,
  }).run();
}

async function expand(id) {
  const node = state.net.nodes.get(id);
  const name = node ? node.name : id;
  announce(`Expanding ${name}…`);
  try {
    const answer = await getJson(entityPath(id, "/neighbours"), { limit: 60 });
    const added = addNeighbours(state.net, answer);
    const have = new Set(state.cy.elements().map((e) => e.id()));
    state.cy.add(edgeElements(state.net).filter((el) => !have.has(el.data.id)));
    state.cy.getElementById(id).data("expanded", true);
    // Existing elements may have gained a stronger mark or a caption: refresh their data.
    for (const el of edgeElements(state.net)) {
      const { id: elementId, source, target, ...data } = el.data; // ids and endpoints cannot change
      state.cy.getElementById(elementId).data(data);
    }
    paint();
    layout();
    renderNodeList();
    // Paged per relationship type: say which types have more than the page shows.
    const more = answer.truncated
      ? ` (${answer.types.filter((c) => c.more).map((c) => `${c.more} more ${c.type}`).join(", ")} not shown)`
      : "";
    announce(`${name}: ${added.nodes} node(s) and ${added.edges} relationship(s) added${more}.`);
  } catch (error) {
    showAlert(error instanceof ApiProblem ? error.message : String(error));
  }
}

function renderLegend(countries) {
  const legend = state.card.querySelector(".legend");
  clear(legend);
  const swatch = (color) => h("span", { class: "swatch", style: null, "data-color": color });
  const items =
    state.colorBy === "risk"
      ? Object.entries(RISK_COLORS).map(([mark, color]) => [color, MARK_TEXT[mark] || "no flag"])
      : [...countries.entries(), ["", "unknown"]].map(([country, color]) => (country ? [color, country] : [UNKNOWN_COUNTRY, "country unknown"]));
  legend.append(
    h("h3", { text: state.colorBy === "risk" ? "Colors: risk" : "Colors: country" }),
    h("ul", {}, items.map(([color, text]) => h("li", {}, swatch(color), text))),
    h("h3", { text: "Shapes" }),
    h("ul", {}, Object.entries(SHAPES).map(([label, shape]) => h("li", {}, `${label}: ${shape.replace("round-", "rounded ")}`))),
  );
  // Colors are set through the CSSOM (allowed by the page's Content-Security-Policy, unlike style attributes).
  for (const el of legend.querySelectorAll(".swatch")) el.style.backgroundColor = el.dataset.color;
}

function renderNodeList() {
  const list = state.card.querySelector(".node-list");
  clear(list);
  const nodes = [...state.net.nodes.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const n of nodes) {
    const expanded = state.cy.getElementById(n.id).data("expanded");
    list.append(
      h(
        "li",
        { "data-node": n.id },
        h("span", { class: "node-caption", text: n.caption.replace("\n", " — ") }),
        " ",
        h("button", { type: "button", class: "small", "aria-label": `Expand the neighbours of ${n.name}`, disabled: expanded, onclick: () => expand(n.id), text: expanded ? "Expanded" : "Expand" }),
        n.label === "Organization" || n.label === "Person" ? [" ", h("a", { href: entityHref(n.id), "aria-label": `Open ${n.name}`, text: "Open" })] : null,
      ),
    );
  }
  state.card.querySelector(".node-count").textContent = `${state.net.nodes.size} nodes, ${state.net.edges.size} relationships`;
}

function exportPng() {
  const blob = state.cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" });
  download(blob, `tietrace-network-${state.subject}.png`);
}

function exportSvg() {
  download(new Blob([toSvg(state.cy)], { type: "image/svg+xml" }), `tietrace-network-${state.subject}.svg`);
}

export function showNetwork(card, check) {
  if (state && state.cy) state.cy.destroy();
  const net = fromCheck(check);
  clear(card).append(
    h("h2", { id: "network-h", text: "Network" }),
    h(
      "p",
      { class: "muted" },
      "Control, funding, donation and watchlist paths of this answer. Click a node, or use its Expand button below, to add its neighbours. ",
      h("span", { class: "node-count" }),
    ),
    h(
      "div",
      { class: "toolbar" },
      h(
        "fieldset",
        {},
        h("legend", { text: "Color nodes by" }),
        ["country", "risk"].map((v) => h("label", {}, h("input", { type: "radio", name: "color-by", value: v, checked: v === "country" }), ` ${v}`)),
      ),
      h("button", { type: "button", id: "net-fit", text: "Fit to view" }),
      h("button", { type: "button", id: "net-png", text: "Export PNG" }),
      h("button", { type: "button", id: "net-svg", text: "Export SVG" }),
    ),
    h("div", { class: "network-wrap" }, h("div", { id: "network", role: "img", "aria-label": "Network drawing; the same nodes are listed below with buttons to expand them." }), h("div", { class: "legend" })),
    h("details", { class: "node-details", open: true }, h("summary", { text: "Nodes in the network (keyboard and screen-reader access)" }), h("ul", { class: "node-list" })),
  );
  const cy = window.cytoscape({
    container: card.querySelector("#network"),
    elements: edgeElements(net),
    style: STYLE,
    minZoom: 0.2,
    maxZoom: 3,
  });
  state = { cy, net, colorBy: "country", subject: check.entity.id, card };
  window.tietraceNetwork = cy; // for the browser tests and for anyone poking at the graph in the console
  paint();
  layout();
  renderNodeList();
  cy.on("tap", "node", (event) => expand(event.target.id()));
  for (const radio of card.querySelectorAll("input[name=color-by]")) {
    radio.addEventListener("change", () => {
      state.colorBy = radio.value;
      paint();
    });
  }
  card.querySelector("#net-fit").addEventListener("click", () => cy.fit(undefined, 30));
  card.querySelector("#net-png").addEventListener("click", exportPng);
  card.querySelector("#net-svg").addEventListener("click", exportSvg);
}
