// Building DOM nodes from data without innerHTML: every name, title and detail from the graph is set as text, so
// nothing in the data can become markup or script.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2).toLowerCase(), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// A link target from the data (a record's source URL), or null when it is not plain http(s): a javascript:,
// data: or vbscript: URL from an ingested record must never become a link, whatever the CSP would stop.
export function webHref(url) {
  if (typeof url !== "string") return null;
  let parsed;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
}

export function entityHref(id) {
  return `#/entity/${encodeURIComponent(id)}`;
}

export function pct(value) {
  if (value === null || value === undefined) return "unknown";
  return `${Number(value).toLocaleString("en", { maximumFractionDigits: 2 })} %`;
}

export function money(amount, currency) {
  if (amount === null || amount === undefined) return "amount unknown";
  const shown = Number(amount).toLocaleString("en", { maximumFractionDigits: 0 });
  return currency ? `${shown} ${currency}` : shown;
}

export function yesNo(flag) {
  return flag ? "yes" : "no";
}

// A table from column titles and rows of cells; `caption` names it for screen readers.
export function table(caption, columns, rows) {
  return h(
    "table",
    {},
    h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", text: c })))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))),
  );
}

// What a node is called on the page: its name, or for grants, gifts and publications what describes them.
export function displayName(node) {
  return node.name || node.title || node.item || `${node.label || "node"} ${shortId(node.id)}`;
}

export function shortId(id) {
  return id.length > 18 ? `…${id.slice(-12)}` : id;
}

// Save a Blob as a file, the way a download link would.
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
