// /package/<name>: what it is, its versions newest first with the tags carrying each, and
// its specs with the same box, facets and table as the search page.
import { useEffect } from "preact/hooks";
import { gql } from "./api.js";
import { enc, html } from "./nav.js";
import { Problem, useLoad } from "./load.js";
import { SearchView } from "./search.js";

// history: each version with a binary, newest first, with the tags carrying one.
const PACKAGE_QUERY = `query Package($name: String!) {
  package(name: $name) { name description homepage latestVersion numSpecs history { version tags { name } } }
}`;

export function PackagePage({ name, where }) {
  useEffect(() => {
    document.title = `${name}: spackdex`;
  }, [name]);
  const { data, error } = useLoad((signal) => gql(PACKAGE_QUERY, { name }, signal), [name]);
  if (error) return html`<main id="main"><h1 tabindex="-1">${name}</h1><${Problem} error=${error} /></main>`;
  if (!data) return html`<main id="main"><h1 tabindex="-1">${name}</h1><p aria-live="polite">Loading…</p></main>`;
  const pkg = data.package;
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
        <tbody>${pkg.history.map(({ version, tags }) => html`<tr key=${version}><th scope="row">${version}</th>
          <td>${tags.map((t, i) => html`${i ? ", " : ""}<a href=${`/tag/${enc(t.name)}`}>${t.name}</a>`)}</td></tr>`)}</tbody>
      </table>
    </section>
    <section aria-labelledby="specs-heading">
      <h2 id="specs-heading">Binaries</h2>
      <${SearchView} where=${where} base=${{ packages: [pkg.name] }} boxLabel=${`Search ${pkg.name} binaries`} />
    </section>
  </main>`;
}
