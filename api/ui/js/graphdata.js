// The network's nodes and edges, built from the paths of a check answer (controllers, funding flows including
// gifts and donations, watchlist proximity) and from /neighbours answers. Every node says in words what it is,
// where it is and why it matters; color repeats that, never replaces it.

import { displayName, money } from "./dom.js";
import { hopDetails, verb } from "./paths.js";

export const SHAPES = {
  Organization: "round-rectangle",
  Person: "ellipse",
  Grant: "diamond",
  Gift: "hexagon",
  Publication: "rectangle",
  Watchlist: "octagon",
};

// Risk marks in order of strength: a node keeps the strongest one it was given.
export const MARKS = ["subject", "listed", "watchlist", "foreign", "other"];
export const MARK_TEXT = { subject: "subject", listed: "LISTED", watchlist: "watchlist", foreign: "foreign", other: "" };

export function edgeId(type, start, end) {
  return `${start}>${type}>${end}`;
}

function caption(node) {
  const name = displayName(node);
  const short = name.length > 42 ? `${name.slice(0, 40)}…` : name;
  const what = [node.label || "node", node.country || (node.label === "Organization" || node.label === "Person" ? "country ?" : null)];
  const mark = MARK_TEXT[node.mark] ? ` · ${MARK_TEXT[node.mark]}` : "";
  return `${short}\n${what.filter(Boolean).join(" · ")}${mark}`;
}

export function edgeCaption(hop, extra) {
  const details = extra || hopDetails(hop);
  return details ? `${verb(hop.type)} ${details}` : verb(hop.type);
}

// Accumulates nodes and edges by id; marks only ever get stronger.
export class NetworkData {
  constructor() {
    this.nodes = new Map();
    this.edges = new Map();
  }

  addNode(ref, mark = "other") {
    const known = this.nodes.get(ref.id);
    const label = ref.label || (known && known.label) || "Organization";
    const merged = { ...(known || {}), ...Object.fromEntries(Object.entries(ref).filter(([, v]) => v !== null && v !== undefined)) };
    merged.label = label;
    merged.mark = known && MARKS.indexOf(known.mark) < MARKS.indexOf(mark) ? known.mark : mark;
    if (label === "Watchlist" && MARKS.indexOf(merged.mark) > MARKS.indexOf("watchlist")) merged.mark = "watchlist";
    merged.shape = SHAPES[label] || "round-rectangle";
    merged.caption = caption(merged);
    merged.name = displayName(merged);
    this.nodes.set(ref.id, merged);
    return merged;
  }

  addHop(hop, extra) {
    const id = edgeId(hop.type, hop.start, hop.end);
    if (!this.edges.has(id) || extra) {
      this.edges.set(id, { id, source: hop.start, target: hop.end, type: hop.type, caption: edgeCaption(hop, extra), hop });
    }
  }

  addPath(path, marks = new Map(), extras = new Map()) {
    for (const node of path.nodes) this.addNode(node, marks.get(node.id) || "other");
    for (const hop of path.hops) this.addHop(hop, extras.get(edgeId(hop.type, hop.start, hop.end)));
  }

  elements() {
    return [
      ...[...this.nodes.values()].map((data) => ({ group: "nodes", data: { color: "#9ca3af", ...data } })),
      ...[...this.edges.values()].map(({ hop, ...data }) => ({ group: "edges", data })),
    ];
  }
}

// The check answer's paths as a network centred on its entity.
export function fromCheck(check) {
  const net = new NetworkData();
  const marks = new Map([[check.entity.id, "subject"]]);
  for (const c of check.controllers) if (c.foreign) marks.set(c.id, "foreign");
  for (const f of check.funding.flows) if (f.foreign && !marks.has(f.funder.id)) marks.set(f.funder.id, "foreign");
  for (const p of check.proximity) {
    marks.set(p.listed.id, check.entity.id === p.listed.id ? "subject" : "listed");
    marks.set(p.watchlist.id, "watchlist");
  }
  net.addNode(check.entity, "subject");
  for (const c of check.controllers) for (const path of c.paths) net.addPath(path, marks);
  for (const f of check.funding.flows) {
    // The money is on the grant or gift, not on the relationship: label the step into it with amount and date.
    const extras = new Map();
    const into = f.path.hops.find((hop) => f.via && hop.end === f.via.id && hop.start === f.funder.id);
    if (into) {
      const amount = f.amount !== null ? money(f.amount, f.currency) : "";
      extras.set(edgeId(into.type, into.start, into.end), [f.kind.replaceAll("_", " "), amount, f.date].filter(Boolean).join(", "));
    }
    if (f.via && !f.via.name) {
      // Path nodes carry no amounts: name the grant or gift after the flow it carries ("grant 100,000 USD").
      const what = f.kind === "monetary" ? "gift" : f.kind.replaceAll("_", " ");
      net.addNode({ ...f.via, name: [what, f.amount !== null ? money(f.amount, f.currency) : ""].filter(Boolean).join(" ") });
    }
    net.addPath(f.path, marks, extras);
  }
  for (const t of check.ties) if (t.via && t.via.name && net.nodes.has(t.via.id)) net.addNode(t.via);
  for (const p of check.proximity) net.addPath(p.path, marks);
  return net;
}

// A /neighbours answer added to the network: the expanded node's ties and the nodes at their other ends.
export function addNeighbours(net, answer) {
  const added = { nodes: 0, edges: 0 };
  if (!net.nodes.has(answer.entity.id)) {
    net.addNode(answer.entity);
    added.nodes += 1;
  }
  for (const tie of answer.relationships) {
    if (!net.nodes.has(tie.other.id)) added.nodes += 1;
    const mark = tie.type === "LISTED_ON" && tie.direction === "out" ? "listed" : "other";
    if (mark === "listed") net.addNode(answer.entity, "listed");
    net.addNode(tie.other, tie.type === "LISTED_ON" && tie.direction === "in" ? "listed" : "other");
    const id = edgeId(tie.type, tie.start, tie.end);
    if (!net.edges.has(id)) added.edges += 1;
    let extra = null;
    const carrier = [answer.entity, tie.other].find((n) => n.label === "Grant" || n.label === "Gift");
    if ((tie.type === "FUNDS" || tie.type === "GAVE") && carrier && carrier.amount !== null) {
      extra = [money(carrier.amount, carrier.currency), carrier.date].filter(Boolean).join(", ");
    }
    net.addHop(tie, extra);
  }
  return added;
}
