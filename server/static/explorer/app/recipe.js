// The recipe on a package page (package catalog): versions marked with whether a binary
// exists, variants with defaults, maintainers, build system, dependencies both ways.
import { useState } from "preact/hooks";
import { enc, html } from "./nav.js";

// Long lists (cmake's 138 versions, 1,233 dependents) start short; a button shows the rest.
const VERSIONS_SHOWN = 12;
const NAMES_SHOWN = 40;

function TagLinks({ tags }) {
  return tags.map((name, i) => html`${i ? ", " : ""}<a href=${`/tag/${enc(name)}`}>${name}</a>`);
}

function MoreButton({ open, hidden, controls, onClick, what }) {
  return html`<button type="button" class="more" aria-expanded=${open ? "true" : "false"} aria-controls=${controls} onClick=${onClick}>
    ${open ? "Show fewer" : `Show ${hidden.toLocaleString("en")} more ${what}`}
  </button>`;
}

// Whether the catalog knows the recipe's versions (a packages.json entry has none).
export function declaresVersions(pkg) {
  return pkg.declaredVersions.length > 0;
}

// `history`: [{version, tags}] for each version with a binary. Without the recipe's
// versions, the versions shown are those with binaries. With them, the recipe's versions in
// its order, each marked, then binaries of versions the recipe does not declare.
export function VersionsTable({ pkg, history }) {
  const [open, setOpen] = useState(false);
  const tagsOf = new Map(history.map((h) => [h.version, h.tags.map((t) => t.name)]));
  if (!declaresVersions(pkg)) {
    return html`<table class="versions">
      <thead><tr><th scope="col">Version</th><th scope="col">Tags carrying it</th></tr></thead>
      <tbody>${history.map(({ version }) => html`<tr key=${version}><th scope="row">${version}</th>
        <td><${TagLinks} tags=${tagsOf.get(version)} /></td></tr>`)}</tbody>
    </table>`;
  }
  const declared = pkg.declaredVersions;
  const shown = open ? declared : declared.filter((v, i) => i < VERSIONS_SHOWN || v.hasBinary);
  const hidden = declared.length - shown.length;
  const row = (version, hasBinary) => html`<tr key=${version} data-version=${version} data-binary=${hasBinary ? "yes" : "no"}>
    <th scope="row">${version}</th>
    <td class=${hasBinary ? "binary" : "no-binary"}>${hasBinary
      ? html`<a href=${`/package/${enc(pkg.name)}?q=${enc("@=" + version)}`}>yes<span class="visually-hidden">: show the binaries of ${version}</span></a>`
      : "no"}</td>
    ${pkg.hasBinaries ? html`<td>${hasBinary ? html`<${TagLinks} tags=${tagsOf.get(version) || []} />` : null}</td>` : null}
  </tr>`;
  return html`<table class="versions" id="versions-table">
    <thead><tr><th scope="col">Version</th><th scope="col">Binary</th>${pkg.hasBinaries ? html`<th scope="col">Tags carrying it</th>` : null}</tr></thead>
    <tbody class="declared">${shown.map((v) => row(v.version, v.hasBinary))}</tbody>
    ${pkg.undeclaredVersions.length
      ? html`<tbody class="undeclared">
          <tr><th scope="rowgroup" colspan=${pkg.hasBinaries ? 3 : 2} class="group">Binaries of versions the recipe does not declare</th></tr>
          ${pkg.undeclaredVersions.map((version) => row(version, true))}
        </tbody>`
      : null}
  </table>
  ${hidden > 0 || open
    ? html`<${MoreButton} open=${open} hidden=${hidden} controls="versions-table" onClick=${() => setOpen(!open)} what="versions" />`
    : null}`;
}

export function VariantsTable({ variants }) {
  return html`<table class="recipe-variants">
    <thead><tr><th scope="col">Variant</th><th scope="col">Default</th><th scope="col">What it does</th></tr></thead>
    <tbody>${variants.map((v) => html`<tr key=${v.name} data-variant=${v.name}>
      <th scope="row"><code>${v.name}</code></th>
      <td class="default"><code>${v.default === null ? "" : v.default}</code></td>
      <td>${v.description || ""}</td>
    </tr>`)}</tbody>
  </table>`;
}

function PackageLinks({ id, names }) {
  const [open, setOpen] = useState(false);
  const shown = open ? names : names.slice(0, NAMES_SHOWN);
  return html`<ul class="inline names" id=${id}>
      ${shown.map((name) => html`<li key=${name}><a href=${`/package/${enc(name)}`}>${name}</a></li>`)}
    </ul>
    ${names.length > NAMES_SHOWN
      ? html`<${MoreButton} open=${open} hidden=${names.length - shown.length} controls=${id} onClick=${() => setOpen(!open)} what="packages" />`
      : null}`;
}

// Maintainers (each a link to the search of what they maintain) and the build system.
export function RecipeFacts({ pkg }) {
  if (!pkg.maintainers.length && !pkg.buildSystem) return null;
  return html`<dl class="details recipe-facts">
    ${pkg.maintainers.length
      ? html`<dt>Maintainers</dt><dd class="maintainers">${pkg.maintainers.map(
          (m, i) => html`${i ? ", " : ""}<a href=${`/?maintainer=${enc(m)}`} title=${`packages maintained by ${m}`}>${m}</a>`,
        )}</dd>`
      : null}
    ${pkg.buildSystem ? html`<dt>Build system</dt><dd class="build-system"><code>${pkg.buildSystem}</code></dd>` : null}
  </dl>`;
}

export function RecipeSections({ pkg }) {
  return html`
    ${pkg.variants.length
      ? html`<section aria-labelledby="variants-heading">
          <h2 id="variants-heading">Variants of the recipe</h2>
          <${VariantsTable} variants=${pkg.variants} />
        </section>`
      : null}
    ${pkg.dependsOn.length || pkg.dependents.length
      ? html`<section aria-labelledby="dependencies-heading">
          <h2 id="dependencies-heading">Dependencies of the recipe</h2>
          ${pkg.dependsOn.length
            ? html`<h3 id="depends-on-heading">May depend on (${pkg.dependsOn.length.toLocaleString("en")})</h3>
                <${PackageLinks} id="depends-on" names=${pkg.dependsOn} />`
            : null}
          ${pkg.dependents.length
            ? html`<h3 id="dependents-heading">Recipes that may depend on it (${pkg.dependents.length.toLocaleString("en")})</h3>
                <${PackageLinks} id="dependents" names=${pkg.dependents} />`
            : null}
        </section>`
      : null}`;
}
