// The compare view's data: its URL state, the diff document, paging by cursor walk, and
// which tag a tag is compared with by default.
import { ApiError, FACETS_FIELD, FACET_LIMIT, PAGE_SIZE, SPEC_NODE, cursorForPage, gql, rememberCursor } from "./api.js";
import { withStoredHost } from "./search.js";
import { formatSearch, parseSearch, searchArgs } from "./state.js";

export const TAGS_QUERY = "query Tags { tags { name stacks { name } } }";
const DIFF_VARS = "$from: DiffScope!, $to: DiffScope!, $query: String, $spec: String, $filter: SpecFilter";
const DIFF_ARGS = "from: $from, to: $to, query: $query, spec: $spec, filter: $filter";

// One document per side shown: the summary, a page of changed packages, and a page of the
// added or the removed specs with their facets (aliased `specs`, as on the search page).
function diffQuery(side) {
  return `query Diff(${DIFF_VARS}, $first: Int!, $after: String, $pafter: String, $limit: Int!) {
  diff(${DIFF_ARGS}) {
    summary { added removed unchanged packagesAdded packagesRemoved packagesChanged }
    packages(first: $first, after: $pafter) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { name versionsAdded versionsRemoved specsAdded specsRemoved } }
    }
    specs: ${side}(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { ${SPEC_NODE} } }
      ${FACETS_FIELD}
    }
  }
}`;
}

function walkDiff(field) {
  const document = `query Skip(${DIFF_VARS}, $first: Int!, $after: String) {
  diff(${DIFF_ARGS}) { ${field}(first: $first, after: $after) { pageInfo { hasNextPage endCursor } } }
}`;
  return {
    kind: `diff-${field}`,
    async step(args, first, after, signal) {
      return (await gql(document, { ...args, first, after }, signal)).diff[field].pageInfo;
    },
  };
}
const WALKERS = { added: walkDiff("added"), removed: walkDiff("removed"), packages: walkDiff("packages") };

// ?from=&fromStack=&to=&toStack=&show=removed&ppage= and the search parameters (q, mode,
// host, facets, page of specs), which restrict both sides.
export function parseCompare(search) {
  const params = new URLSearchParams(search);
  const ppage = parseInt(params.get("ppage") || "1", 10);
  return {
    ...withStoredHost(parseSearch(search)),
    from: params.get("from") || "",
    fromStack: params.get("fromStack") || "",
    to: params.get("to") || "",
    toStack: params.get("toStack") || "",
    show: params.get("show") === "removed" ? "removed" : "added",
    ppage: Number.isFinite(ppage) && ppage > 0 ? ppage : 1,
  };
}

export function formatCompare(state) {
  return formatSearch(state, [
    ["from", state.from],
    ["fromStack", state.fromStack],
    ["to", state.to],
    ["toStack", state.toStack],
    ["show", state.show === "removed" ? "removed" : ""],
    ["ppage", state.ppage > 1 ? String(state.ppage) : ""],
  ]);
}

export function diffArgs(state) {
  return {
    from: { tag: state.from, stack: state.fromStack || null },
    to: { tag: state.to, stack: state.toStack || null },
    ...searchArgs(state),
  };
}

export async function loadDiff(state, signal) {
  const args = diffArgs(state);
  const walk = WALKERS[state.show];
  const [after, pafter] = await Promise.all([
    cursorForPage(args, state.page, signal, walk),
    cursorForPage(args, state.ppage, signal, WALKERS.packages),
  ]);
  if (after === undefined) throw new ApiError([`page ${state.page} is past the last ${state.show} spec`]);
  if (pafter === undefined) throw new ApiError([`page ${state.ppage} is past the last changed package`]);
  const variables = { ...args, first: PAGE_SIZE, after, pafter, limit: FACET_LIMIT };
  const { diff } = await gql(diffQuery(state.show), variables, signal);
  rememberCursor(args, state.page, diff.specs.pageInfo.endCursor, walk);
  rememberCursor(args, state.ppage, diff.packages.pageInfo.endCursor, WALKERS.packages);
  return { ...diff, page: state.page, ppage: state.ppage };
}

// Tags of one series differ only in their digits: develop-2025-03-16 and develop-2025-03-09.
function series(name) {
  return name.replace(/\d[\d.-]*/g, "#");
}

// The tag before `name`: the next of its series in the API's tag order (snapshots and
// releases come newest first), else the next tag; null for the last.
export function previousTag(names, name) {
  const later = names.slice(names.indexOf(name) + 1);
  if (names.indexOf(name) < 0) return null;
  return later.find((other) => series(other) === series(name)) || later[0] || null;
}

export function compareHref(from, to) {
  return "/diff" + formatCompare({ ...parseSearch(""), from, to, fromStack: "", toStack: "", show: "added", ppage: 1 });
}
