// The search state lives in the URL: ?q=&mode=&host=&page=&tag=&os=&maintainer=... (filters
// repeat).
// Everything a person sees on a search view can be rebuilt from the URL alone.

export const FACETS = [
  { field: "TAG", param: "tag", filter: "tags", label: "Tag" },
  { field: "STACK", param: "stack", filter: "stacks", label: "Stack" },
  { field: "COMPILER", param: "compiler", filter: "compilers", label: "Compiler" },
  { field: "OS", param: "os", filter: "oss", label: "Operating system" },
  { field: "TARGET", param: "target", filter: "targets", label: "Target" },
  { field: "PLATFORM", param: "platform", filter: "platforms", label: "Platform" },
  { field: "VARIANT", param: "variant", filter: "variants", label: "Variant" },
  // not counted by the API (the catalog's maintainers are no facet): shown when selected
  { field: "MAINTAINER", param: "maintainer", filter: "maintainers", label: "Maintainer", uncounted: true },
];
export const MODES = ["auto", "text", "spec"];
export const HOST_KEY = "spackdex.host";

export function parseSearch(search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const facet of FACETS) filters[facet.param] = params.getAll(facet.param);
  const mode = params.get("mode");
  const page = parseInt(params.get("page") || "1", 10);
  return {
    q: params.get("q") || "",
    mode: MODES.includes(mode) ? mode : "auto",
    // absent: the host remembered in this browser; present (even empty): exactly that
    host: params.has("host") ? params.get("host") : null,
    page: Number.isFinite(page) && page > 0 ? page : 1,
    filters,
  };
}

// `leading`: [name, value] pairs of a view's own parameters, put first (empty ones left out).
export function formatSearch(state, leading = []) {
  const params = new URLSearchParams(leading.filter(([, value]) => value));
  if (state.q) params.set("q", state.q);
  if (state.mode !== "auto") params.set("mode", state.mode);
  if (state.host) params.set("host", state.host);
  for (const facet of FACETS) for (const v of state.filters[facet.param] || []) params.append(facet.param, v);
  if (state.page > 1) params.set("page", String(state.page));
  const text = params.toString();
  return text ? "?" + text : "";
}

export function storedHost() {
  try {
    return localStorage.getItem(HOST_KEY) || "";
  } catch {
    return "";
  }
}

export function storeHost(host) {
  try {
    if (host) localStorage.setItem(HOST_KEY, host);
    else localStorage.removeItem(HOST_KEY);
  } catch {
    // storage refused (private mode): the URL still holds the host
  }
}

// Spec syntax is told from free text by its sigils: @version %compiler +variant ~variant
// ^dependency key=value /hash. Free text never needs them.
export function looksLikeSpec(q) {
  return /[@%+~^=]|(^|\s)\//.test(q);
}

export function effectiveMode(state) {
  if (state.mode !== "auto") return state.mode;
  return looksLikeSpec(state.q) ? "spec" : "text";
}

// The GraphQL arguments of a search: query or spec, and the filter.
export function searchArgs(state, base = {}) {
  const filter = { ...base };
  for (const facet of FACETS) {
    const values = state.filters[facet.param] || [];
    if (values.length) filter[facet.filter] = values;
  }
  if (state.host) filter.compatibleWith = state.host;
  const q = state.q.trim();
  const spec = effectiveMode(state) === "spec";
  return {
    query: q && !spec ? q : null,
    spec: q && spec ? q : null,
    filter: Object.keys(filter).length ? filter : null,
  };
}

export function toggled(state, param, value) {
  const current = state.filters[param] || [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...state, filters: { ...state.filters, [param]: next }, page: 1 };
}

export function hasFilters(state) {
  return FACETS.some((f) => (state.filters[f.param] || []).length);
}
