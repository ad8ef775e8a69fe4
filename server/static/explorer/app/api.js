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

// The fields of a spec in a results table, and the facets of a list of specs.
export const SPEC_NODE = "hash name version compiler { name version } platform os target variants size tags { name } stacks { name }";
export const FACETS_FIELD = `facets(fields: [TAG, STACK, COMPILER, OS, TARGET, PLATFORM, VARIANT], limit: $limit) {
      field truncated values { value count selected }
    }`;

export const SEARCH_QUERY = `query Search(${SPEC_VARS}, $first: Int!, $after: String, $limit: Int!) {
  specs(${SPEC_ARGS}, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${SPEC_NODE} } }
    ${FACETS_FIELD}
  }
}`;

const SKIP_QUERY = `query Skip(${SPEC_VARS}, $first: Int!, $after: String) {
  specs(${SPEC_ARGS}, first: $first, after: $after) { pageInfo { hasNextPage endCursor } }
}`;

// A walker asks for the pageInfo after `first` more items of one connection; its kind keeps
// the cursors of different connections apart.
export const walkSpecs = {
  kind: "specs",
  async step(args, first, after, signal) {
    return (await gql(SKIP_QUERY, { ...args, first, after }, signal)).specs.pageInfo;
  },
};

// The cursor after which page `page` (1-based) starts, for one set of search arguments.
// Cursors are opaque, so a page given by number is reached by walking the cursors; the ones
// seen are remembered, so "Next" costs nothing extra.
const cursorMemo = new Map();

function knownCursors(args, pageSize, walk) {
  const key = JSON.stringify([walk.kind, args, pageSize]);
  const known = cursorMemo.get(key) || new Map([[0, null]]);
  cursorMemo.set(key, known);
  return known;
}

export async function cursorForPage(args, page, signal, walk = walkSpecs, pageSize = PAGE_SIZE) {
  if (page <= 1) return null;
  const known = knownCursors(args, pageSize, walk);
  const target = (page - 1) * pageSize;
  if (known.has(target)) return known.get(target);
  let offset = Math.max(...[...known.keys()].filter((k) => k < target));
  let cursor = known.get(offset);
  while (offset < target) {
    const step = Math.min(SKIP_SIZE, target - offset);
    cursor = (await walk.step(args, step, cursor, signal)).endCursor;
    offset += step;
    if (cursor === null) return undefined; // past the last result
    known.set(offset, cursor);
  }
  return cursor;
}

export function rememberCursor(args, page, cursor, walk = walkSpecs, pageSize = PAGE_SIZE) {
  if (cursor) knownCursors(args, pageSize, walk).set(page * pageSize, cursor);
}

export function forgetCursors() {
  cursorMemo.clear();
}
