// /package/<name>: what it is, its versions newest first with the tags carrying each, and
// its specs with the same box, facets and table as the search page.
import { useEffect } from "preact/hooks";
import { gql } from "./api.js";
import { enc, html } from "./nav.js";
import { Problem, useLoad } from "./load.js";
import { SearchView } from "./search.js";

const PACKAGE_QUERY = `query Package($name: String!) {
  package(name: $name) { name description homepage versions latestVersion numSpecs tags { name } }
}`;
// Tags per request when asking which versions each tag carries (aliases are limited).
const TAGS_PER_REQUEST = 10;

async function versionsByTag(name, tags, signal) {
  const carried = new Map();
  for (let start = 0; start < tags.length; start += TAGS_PER_REQUEST) {
    const batch = tags.slice(start, start + TAGS_PER_REQUEST);
    const vars = batch.map((_, i) => `$t${i}: String!`).join(", ");
    const fields = batch
      .map((_, i) => `t${i}: specs(filter: {packages: [$name], tags: [$t${i}]}, first: 0) { facets(fields: [VERSION], limit: 50) { values { value } } }`)
      .join("\n");
    const variables = { name };
    batch.forEach((tag, i) => (variables[`t${i}`] = tag));
    const data = await gql(`query Versions($name: String!, ${vars}) {\n${fields}\n}`, variables, signal);
    batch.forEach((tag, i) => {
      for (const { value } of data[`t${i}`].facets[0].values) {
        if (!carried.has(value)) carried.set(value, []);
        carried.get(value).push(tag);
      }
    });
  }
  return carried;
}

export function PackagePage({ name, where }) {
  useEffect(() => {
    document.title = `${name}: spackdex`;
  }, [name]);
  const { data, error } = useLoad(async (signal) => {
    const { package: pkg } = await gql(PACKAGE_QUERY, { name }, signal);
    if (!pkg) return { pkg: null };
    const carried = await versionsByTag(name, pkg.tags.map((t) => t.name), signal);
    return { pkg, carried };
  }, [name]);
  if (error) return html`<main id="main"><h1 tabindex="-1">${name}</h1><${Problem} error=${error} /></main>`;
  if (!data) return html`<main id="main"><h1 tabindex="-1">${name}</h1><p aria-live="polite">Loading…</p></main>`;
  const { pkg, carried } = data;
  if (!pkg) {
    return html`<main id="main"><h1 tabindex="-1">${name}</h1>
      <p>No binary of a package named <q>${name}</q> is in this index. <a href="/?q=${enc(name)}">Search for it</a>.</p></main>`;
  }
  return html`<main id="main" class="package">
    <h1 tabindex="-1">${pkg.name}</h1>
    ${pkg.description ? html`<p class="description">${pkg.description}</p>` : null}
    <p class="facts">
      ${pkg.homepage ? html`<a href=${pkg.homepage} rel="noopener">Homepage</a>${" · "}` : null}
      ${`${pkg.numSpecs.toLocaleString("en")} binaries · latest release ${pkg.latestVersion || "none"}`}
    </p>
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      <table class="versions">
        <thead><tr><th scope="col">Version</th><th scope="col">Tags carrying it</th></tr></thead>
        <tbody>${pkg.versions.map((v) => html`<tr key=${v}><th scope="row">${v}</th>
          <td>${(carried.get(v) || []).map((t, i) => html`${i ? ", " : ""}<a href=${`/tag/${enc(t)}`}>${t}</a>`)}</td></tr>`)}</tbody>
      </table>
    </section>
    <section aria-labelledby="specs-heading">
      <h2 id="specs-heading">Binaries</h2>
      <${SearchView} where=${where} base=${{ packages: [pkg.name] }} boxLabel=${`Search ${pkg.name} binaries`} />
    </section>
  </main>`;
}
