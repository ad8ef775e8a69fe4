// /package/<name>: what it is, its versions (with the package catalog: the recipe's, each
// marked with whether a binary exists) with the tags carrying each, the recipe's variants,
// maintainers and dependencies, and its specs with the same box, facets and table as the
// search page. A package known only from the catalog says plainly that it has no binary.
import { useEffect } from "preact/hooks";
import { gql } from "./api.js";
import { enc, html } from "./nav.js";
import { Problem, useLoad } from "./load.js";
import { SearchView } from "./search.js";
import { RecipeLink, recipeUrl } from "./catalog.js";
import { RecipeFacts, RecipeSections, VersionsTable, declaresVersions } from "./recipe.js";

const PACKAGE_QUERY = `query Package($name: String!) {
  package(name: $name) {
    name description homepage latestVersion numSpecs hasBinaries inCatalog
    maintainers buildSystem dependsOn dependents undeclaredVersions
    declaredVersions { version hasBinary }
    variants { name default description }
    history { version tags { name } }
  }
}`;

function Heading({ name }) {
  return html`<h1 tabindex="-1">${name}</h1>`;
}

export function PackagePage({ name, where }) {
  useEffect(() => {
    document.title = `${name}: spackdex`;
  }, [name]);
  const { data, error } = useLoad((signal) => gql(PACKAGE_QUERY, { name }, signal), [name]);
  if (error) return html`<main id="main"><${Heading} name=${name} /><${Problem} error=${error} /></main>`;
  if (!data) return html`<main id="main"><${Heading} name=${name} /><p aria-live="polite">Loading…</p></main>`;
  const pkg = data.package;
  if (!pkg) {
    return html`<main id="main"><${Heading} name=${name} />
      <p>No package named <q>${name}</q> is known to this index. <a href="/?q=${enc(name)}">Search for it</a>,
        or look for a recipe on <a href=${recipeUrl(name)} rel="noopener">packages.spack.io</a>.</p></main>`;
  }
  return html`<main id="main" class="package">
    <${Heading} name=${pkg.name} />
    ${pkg.description ? html`<p class="description">${pkg.description}</p>` : null}
    ${pkg.hasBinaries ? null : html`<div class="notice no-binary" id="no-binary">
      <p><strong>No binary of ${pkg.name} is in this index (yet).</strong> Spack has a recipe for it:
        <${RecipeLink} name=${pkg.name} />; Spack builds it from source.</p>
    </div>`}
    <p class="facts">
      ${pkg.homepage ? html`<a href=${pkg.homepage} rel="noopener">Homepage</a>${" · "}` : null}
      ${pkg.hasBinaries ? `${pkg.numSpecs.toLocaleString("en")} binaries · latest release ${pkg.latestVersion || "none"}` : null}
      ${pkg.hasBinaries && pkg.inCatalog ? html`${" · "}<${RecipeLink} name=${pkg.name} />` : null}
    </p>
    <${RecipeFacts} pkg=${pkg} />
    ${pkg.hasBinaries || declaresVersions(pkg) ? html`<${Versions} pkg=${pkg} />` : null}
    ${pkg.hasBinaries
      ? html`<section aria-labelledby="specs-heading">
          <h2 id="specs-heading">Binaries</h2>
          <${SearchView} where=${where} base=${{ packages: [pkg.name] }} boxLabel=${`Search ${pkg.name} binaries`} />
        </section>`
      : null}
    <${RecipeSections} pkg=${pkg} />
  </main>`;
}

// history: each version with a binary, newest first, with the tags carrying one (empty for
// a package known only from the catalog).
function Versions({ pkg }) {
  return html`<section aria-labelledby="versions-heading">
    <h2 id="versions-heading">Versions</h2>
    ${declaresVersions(pkg) ? html`<p class="note">As the recipe declares them, in Spack's order, each marked with whether a binary of it is in this index.</p>` : null}
    <${VersionsTable} pkg=${pkg} history=${pkg.history} />
  </section>`;
}
