// What the package catalog adds to a search: "no binary of boost here, but the recipe
// exists" when the binaries do not answer a name, and the packages a maintainer looks after.
import { gql } from "./api.js";
import { useAnswer } from "./load.js";
import { enc, html } from "./nav.js";

export function recipeUrl(name) {
  return `https://packages.spack.io/package.html?name=${enc(name)}`;
}

export function RecipeLink({ name }) {
  return html`<a class="recipe" href=${recipeUrl(name)} rel="noopener">${name} on packages.spack.io</a>`;
}

const RECIPES_QUERY = `query Recipes($query: String!) {
  packages(query: $query, includeWithoutBinaries: true, first: 5) { edges { node { name hasBinaries } } }
}`;

// The extra request is made only when the binaries found nothing, or when a one-word search
// shows no binary of a package of exactly that name (it may be a recipe without binaries);
// then the recipes without binaries among the package hits are named (when binaries were
// found, only a top hit).
function recipesWorthAsking(q, specs) {
  const words = q.trim().toLowerCase();
  if (!words) return null;
  if (specs.totalCount === 0) return { query: words, onlyTop: false };
  if (/\s/.test(words) || specs.edges.some(({ node }) => node.name === words)) return null;
  return { query: words, onlyTop: true };
}

export function CatalogNotice({ q, specs }) {
  const ask = recipesWorthAsking(q, specs);
  const { result } = useAnswer(ask ? JSON.stringify(ask) : "", async (signal) =>
    ask ? (await gql(RECIPES_QUERY, { query: ask.query }, signal)).packages.edges.map((e) => e.node) : [],
  );
  if (!ask || !result) return null;
  const hits = ask.onlyTop ? result.slice(0, 1) : result;
  const without = hits.filter((p) => !p.hasBinaries);
  if (!without.length) return null;
  return html`<div class="notice catalog-notice" id="catalog-notice">
    ${without.map(
      ({ name }) => html`<p key=${name}>No binary of <a href=${`/package/${enc(name)}`}>${name}</a> in this index;
        the recipe exists: <${RecipeLink} name=${name} />.</p>`,
    )}
    ${ask.onlyTop ? html`<p class="note">The binaries below are of other packages that mention <q>${ask.query}</q>.</p>` : null}
  </div>`;
}

const MAINTAINED_QUERY = `query Maintained($maintainers: [String!]) {
  packages(filter: {maintainers: $maintainers}, includeWithoutBinaries: true, first: 100) {
    totalCount edges { node { name hasBinaries numSpecs } }
  }
}`;

// ?maintainer=: which packages these people look after, and which of them have binaries.
export function MaintainedPackages({ maintainers }) {
  const key = maintainers.length ? JSON.stringify(maintainers) : "";
  const { result } = useAnswer(key, async (signal) =>
    maintainers.length ? (await gql(MAINTAINED_QUERY, { maintainers }, signal)).packages : null,
  );
  if (!maintainers.length || !result) return null;
  const who = maintainers.join(" or ");
  const { totalCount, edges } = result;
  return html`<section class="maintained" aria-labelledby="maintained-heading">
    <h3 id="maintained-heading">${totalCount.toLocaleString("en")} ${totalCount === 1 ? "package" : "packages"} maintained by ${who}</h3>
    <ul class="inline">
      ${edges.map(
        ({ node }) => html`<li key=${node.name} data-package=${node.name}>
          <a href=${`/package/${enc(node.name)}`}>${node.name}</a>
          ${" "}<span class="note">${node.hasBinaries ? `${node.numSpecs.toLocaleString("en")} ${node.numSpecs === 1 ? "binary" : "binaries"}` : "no binary"}</span>
        </li>`,
      )}
    </ul>
    ${totalCount > edges.length ? html`<p class="note">The first ${edges.length} are listed.</p>` : null}
  </section>`;
}
