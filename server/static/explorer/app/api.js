// The explorer's only way to the data: POST a GraphQL document to the public /graphql API.

export const PAGE_SIZE = 20;
export const FACET_LIMIT = 25;
// Cursors are skipped over this many at a time to reach a page given by number.
const SKIP_SIZE = 50;

export class ApiError extends Error {
  constructor(messages) {
    super(messages.join("; "));
    this.messages = messages;
  }
}

export async function gql(query, variables = {}, signal = undefined) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError([`the server answered HTTP ${response.status} without JSON`]);
  }
  if (body.errors && body.errors.length) throw new ApiError(body.errors.map((e) => e.message));
  return body.data;
}

const SPEC_ARGS = "query: $query, spec: $spec, filter: $filter";
const SPEC_VARS = "$query: String, $spec: String, $filter: SpecFilter";

export const SEARCH_QUERY = `query Search(${SPEC_VARS}, $first: Int!, $after: String, $limit: Int!) {
  specs(${SPEC_ARGS}, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      hash name version compiler { name version } platform os target variants size
      tags { name } stacks { name }
    } }
    facets(fields: [TAG, STACK, COMPILER, OS, TARGET, PLATFORM, VARIANT], limit: $limit) {
      field truncated values { value count selected }
    }
  }
}`;

const SKIP_QUERY = `query Skip(${SPEC_VARS}, $first: Int!, $after: String) {
  specs(${SPEC_ARGS}, first: $first, after: $after) { pageInfo { hasNextPage endCursor } }
}`;

// The cursor after which page `page` (1-based) starts, for one set of search arguments.
// Cursors are opaque, so a page given by number is reached by walking the cursors; the ones
// seen are remembered, so "Next" costs nothing extra.
const cursorMemo = new Map();

export async function cursorForPage(args, page, signal, pageSize = PAGE_SIZE) {
  if (page <= 1) return null;
  const key = JSON.stringify(args) + "#" + pageSize;
  const known = cursorMemo.get(key) || new Map([[0, null]]);
  cursorMemo.set(key, known);
  const target = (page - 1) * pageSize;
  if (known.has(target)) return known.get(target);
  let offset = Math.max(...[...known.keys()].filter((k) => k < target));
  let cursor = known.get(offset);
  while (offset < target) {
    const step = Math.min(SKIP_SIZE, target - offset);
    const data = await gql(SKIP_QUERY, { ...args, first: step, after: cursor }, signal);
    cursor = data.specs.pageInfo.endCursor;
    offset += step;
    if (cursor === null) return undefined; // past the last result
    known.set(offset, cursor);
  }
  return cursor;
}

export function rememberCursor(args, page, cursor, pageSize = PAGE_SIZE) {
  const key = JSON.stringify(args) + "#" + pageSize;
  const known = cursorMemo.get(key) || new Map([[0, null]]);
  cursorMemo.set(key, known);
  if (cursor) known.set(page * pageSize, cursor);
}

export function forgetCursors() {
  cursorMemo.clear();
}
