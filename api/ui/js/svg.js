// The network as an SVG file: the drawing's nodes and edges at their laid-out positions, with the same shapes,
// colors and captions (cytoscape itself exports PNG only; this small serializer avoids vendoring another
// library). Text is escaped, so names from the data cannot become markup.

const SVG_NS = "http://www.w3.org/2000/svg";

function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]);
}

function num(value) {
  return Number(value).toFixed(1);
}

// Points of a regular polygon (hexagon, octagon) or a diamond inside the node's box.
function polygon(x, y, w, h, sides, rotation) {
  const points = [];
  for (let i = 0; i < sides; i += 1) {
    const angle = rotation + (2 * Math.PI * i) / sides;
    points.push(`${num(x + (w / 2) * Math.cos(angle))},${num(y + (h / 2) * Math.sin(angle))}`);
  }
  return points.join(" ");
}

function nodeShape(node) {
  const { x, y } = node.position();
  const w = node.width();
  const h = node.height();
  const paint = `fill="${esc(node.style("background-color"))}" stroke="${esc(node.style("border-color"))}" stroke-width="${num(parseFloat(node.style("border-width")))}"`;
  switch (node.data("shape")) {
    case "ellipse":
      return `<ellipse cx="${num(x)}" cy="${num(y)}" rx="${num(w / 2)}" ry="${num(h / 2)}" ${paint}/>`;
    case "diamond":
      return `<polygon points="${polygon(x, y, w, h, 4, -Math.PI / 2)}" ${paint}/>`;
    case "hexagon":
      return `<polygon points="${polygon(x, y, w, h, 6, 0)}" ${paint}/>`;
    case "octagon":
      return `<polygon points="${polygon(x, y, w, h, 8, Math.PI / 8)}" ${paint}/>`;
    default: {
      const radius = node.data("shape") === "round-rectangle" ? 6 : 0;
      return `<rect x="${num(x - w / 2)}" y="${num(y - h / 2)}" width="${num(w)}" height="${num(h)}" rx="${radius}" ${paint}/>`;
    }
  }
}

function textBlock(lines, x, y, size, anchorTop) {
  const tspans = lines
    .map((line, i) => `<tspan x="${num(x)}" dy="${i === 0 ? 0 : size * 1.2}">${esc(line)}</tspan>`)
    .join("");
  const top = anchorTop ? y + size : y;
  return `<text x="${num(x)}" y="${num(top)}" font-size="${size}" text-anchor="middle" font-family="system-ui, sans-serif" fill="#111827" stroke="#ffffff" stroke-width="3" paint-order="stroke">${tspans}</text>`;
}

function edgeShape(edge, markers) {
  const s = edge.sourceEndpoint();
  const t = edge.targetEndpoint();
  const color = esc(edge.data("color") || "#4b5563");
  const style = edge.style("line-style");
  const dash = style === "dashed" ? ' stroke-dasharray="6 4"' : style === "dotted" ? ' stroke-dasharray="2 3"' : "";
  const mid = edge.midpoint();
  return [
    `<line x1="${num(s.x)}" y1="${num(s.y)}" x2="${num(t.x)}" y2="${num(t.y)}" stroke="${color}" stroke-width="${num(parseFloat(edge.style("width")))}"${dash} marker-end="url(#${markers.get(color)})"/>`,
    textBlock([edge.data("caption") || ""], mid.x, mid.y, 9, false),
  ].join("");
}

export function toSvg(cy) {
  const box = cy.elements().boundingBox({ includeLabels: true });
  const pad = 20;
  const colors = new Set(cy.edges().map((edge) => esc(edge.data("color") || "#4b5563")));
  const markers = new Map([...colors].map((color, i) => [color, `arrow-${i}`]));
  const width = box.w + 2 * pad;
  const height = box.h + 2 * pad;
  const parts = [
    `<svg xmlns="${SVG_NS}" width="${num(width)}" height="${num(height)}" viewBox="${num(box.x1 - pad)} ${num(box.y1 - pad)} ${num(width)} ${num(height)}">`,
    "<title>tietrace network</title>",
    // One arrowhead per edge color (SVG 1.1 markers cannot take the color of the line they end).
    `<defs>${[...markers].map(([color, id]) => `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`).join("")}</defs>`,
    `<rect x="${num(box.x1 - pad)}" y="${num(box.y1 - pad)}" width="${num(width)}" height="${num(height)}" fill="#ffffff"/>`,
  ];
  cy.edges().forEach((edge) => parts.push(edgeShape(edge, markers)));
  cy.nodes().forEach((node) => {
    const { x, y } = node.position();
    parts.push(
      `<g class="node" data-id="${esc(node.id())}">`,
      nodeShape(node),
      textBlock(String(node.data("caption") || "").split("\n"), x, y + node.height() / 2 + 4, 10, true),
      "</g>",
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}
