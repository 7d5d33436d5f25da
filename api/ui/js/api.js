// Calls to the tietrace API with the user's key, and the key itself (kept in sessionStorage: it lives as long
// as the tab, never on disk across sessions). Errors arrive as RFC 9457 problem+json and become ApiProblem.

const KEY_NAME = "tietrace.apiKey";

export function getKey() {
  return sessionStorage.getItem(KEY_NAME) || "";
}

export function setKey(key) {
  if (key) sessionStorage.setItem(KEY_NAME, key);
  else sessionStorage.removeItem(KEY_NAME);
}

export class ApiProblem extends Error {
  constructor(status, problem) {
    super(explain(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

// What to tell a person, by status: the API's own detail, with what to do about it.
function explain(status, problem) {
  const detail = problem && problem.detail ? problem.detail : "";
  if (status === 401) {
    return `Not signed in: ${detail || "the API key is missing, unknown or revoked"}. Enter a valid key above.`;
  }
  if (status === 403) return `Not allowed with this key: ${detail || "the key's role is too low"}.`;
  if (status === 404) return detail || "Not found.";
  if (status === 409) return detail || "Several entities match; pick one.";
  if (status === 503) return `The graph is unavailable: ${detail || "try again in a moment"}.`;
  const where = problem && problem.request_id ? ` (request id ${problem.request_id})` : "";
  return `${problem && problem.title ? problem.title : `HTTP ${status}`}: ${detail || "the request failed"}${where}`;
}

export async function readProblem(response) {
  const type = response.headers.get("content-type") || "";
  if (type.includes("json")) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }
  return { detail: (await response.text()).slice(0, 300) };
}

// fetch() with the key; returns the Response when it is OK, throws ApiProblem otherwise.
export async function call(path, options = {}) {
  const headers = new Headers(options.headers || {});
  const key = getKey();
  if (key) headers.set("Authorization", `Bearer ${key}`);
  let response;
  try {
    response = await fetch(path, { ...options, headers });
  } catch (error) {
    throw new ApiProblem(0, { title: "Network error", detail: `the API cannot be reached (${error.message})` });
  }
  if (!response.ok) throw new ApiProblem(response.status, await readProblem(response));
  return response;
}

export async function getJson(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== ""));
  const text = query.toString();
  const response = await call(text ? `${path}?${text}` : path, { headers: { Accept: "application/json" } });
  return response.json();
}

export function entityPath(id, route = "") {
  return `/v1/entities/${encodeURIComponent(id)}${route}`;
}
