// /tag/<name>: its stacks with counts, its packages, and a link comparing it with the tag before.
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api.js";
import { enc, html } from "./nav.js";
import { Problem, useLoad } from "./load.js";
import { compareHref, previousTag } from "./diffdata.js";

const TAG_QUERY = `query Tag($name: String!, $after: String) {
  tags { name }
  tag(name: $name) {
    name numSpecs stacks { name numSpecs }
    packages(first: 50, after: $after, orderBy: NAME) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { name latestVersion description } }
    }
  }
}`;
// How many binaries each listed package has in this tag: one faceted search, not one
// nested search per package.
const COUNTS_QUERY = `query TagCounts($tag: String!, $packages: [String!]!) {
  specs(filter: {tags: [$tag], packages: $packages}, first: 0) {
    facets(fields: [PACKAGE], limit: 50) { values { value count } }
  }
}`;

async function withCounts(name, packages, signal) {
  const names = packages.edges.map(({ node }) => node.name);
  const counts = new Map();
  if (names.length) {
    const data = await gql(COUNTS_QUERY, { tag: name, packages: names }, signal);
    for (const { value, count } of data.specs.facets[0].values) counts.set(value, count);
  }
  return { ...packages, edges: packages.edges.map(({ node }) => ({ node: { ...node, here: counts.get(node.name) || 0 } })) };
}

async function loadTag(name, after, signal) {
  const data = await gql(TAG_QUERY, { name, after }, signal);
  if (!data.tag) return data;
  return { ...data, tag: { ...data.tag, packages: await withCounts(name, data.tag.packages, signal) } };
}

export function TagPage({ name }) {
  useEffect(() => {
    document.title = `${name}: spackdex`;
  }, [name]);
  const { data, error } = useLoad((signal) => loadTag(name, null, signal), [name]);
  const [more, setMore] = useState({ edges: [], pageInfo: null });
  useEffect(() => setMore({ edges: [], pageInfo: null }), [name]);
  if (error) return html`<main id="main"><h1 tabindex="-1">${name}</h1><${Problem} error=${error} /></main>`;
  if (!data) return html`<main id="main"><h1 tabindex="-1">${name}</h1><p aria-live="polite">Loading…</p></main>`;
  const tag = data.tag;
  if (!tag) return html`<main id="main"><h1 tabindex="-1">${name}</h1><p>No tag of this name is in this index.</p></main>`;
  const pageInfo = more.pageInfo || tag.packages.pageInfo;
  const previous = previousTag(data.tags.map((t) => t.name), tag.name);
  const edges = [...tag.packages.edges, ...more.edges];
  const loadMore = async () => {
    const next = await loadTag(name, pageInfo.endCursor);
    setMore({ edges: [...more.edges, ...next.tag.packages.edges], pageInfo: next.tag.packages.pageInfo });
  };
  return html`<main id="main" class="tag">
    <h1 tabindex="-1">Tag ${tag.name}</h1>
    <p class="facts">
      ${`${tag.numSpecs.toLocaleString("en")} binaries in ${tag.stacks.length} stacks · `}
      <a href=${`/?tag=${enc(tag.name)}`}>search this tag</a>
      ${previous ? html`${" · "}<a class="compare" href=${compareHref(previous, tag.name)}>compare with the previous tag, ${previous}</a>` : null}
    </p>
    <section aria-labelledby="stacks-heading">
      <h2 id="stacks-heading">Stacks</h2>
      <table class="stacks">
        <thead><tr><th scope="col">Stack</th><th scope="col" class="num">Binaries</th></tr></thead>
        <tbody>${tag.stacks.map((s) => html`<tr key=${s.name}>
          <th scope="row"><a href=${`/?tag=${enc(tag.name)}&stack=${enc(s.name)}`}>${s.name}</a></th>
          <td class="num">${s.numSpecs.toLocaleString("en")}</td></tr>`)}</tbody>
      </table>
    </section>
    <section aria-labelledby="packages-heading">
      <h2 id="packages-heading">Packages (${tag.packages.totalCount})</h2>
      <table class="packages">
        <thead><tr><th scope="col">Package</th><th scope="col">Latest release</th><th scope="col" class="num">Binaries here</th><th scope="col">Description</th></tr></thead>
        <tbody>${edges.map(({ node }) => html`<tr key=${node.name}>
          <th scope="row"><a href=${`/package/${enc(node.name)}`}>${node.name}</a></th>
          <td>${node.latestVersion || ""}</td>
          <td class="num"><a href=${`/package/${enc(node.name)}?tag=${enc(tag.name)}`}>${node.here}</a></td>
          <td class="description">${node.description || ""}</td></tr>`)}</tbody>
      </table>
      ${pageInfo.hasNextPage ? html`<button type="button" onClick=${loadMore}>Show more packages</button>` : null}
    </section>
  </main>`;
}
