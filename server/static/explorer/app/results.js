// The results table (as cache.spack.io lists a tag) and the pager.
import { PAGE_SIZE } from "./api.js";
import { compilerText, enc, formatSize, html } from "./nav.js";

// As Spack prints them: boolean variants run together, then key=value pairs.
function variantText(variants) {
  const flags = variants.filter((v) => /^[+~]/.test(v)).join("");
  const pairs = variants.filter((v) => !/^[+~]/.test(v));
  return [flags, ...pairs].filter(Boolean).join(" ");
}

export function ResultsTable({ edges }) {
  if (!edges.length) return null;
  // cache-site pages record no sizes: no column of blanks
  const sized = edges.some(({ node }) => node.size !== null);
  return html`<div class="table-wrap"><table class="specs">
    <caption class="visually-hidden">Matching binaries; open a spec for its install commands</caption>
    <thead><tr>
      <th scope="col">Spec</th><th scope="col">Package</th><th scope="col">Version</th>
      <th scope="col">Compiler</th><th scope="col">Platform / OS / target</th>
      <th scope="col">Variants</th><th scope="col">Stacks</th><th scope="col">Tags</th>
      ${sized ? html`<th scope="col" class="num">Size</th>` : null}
    </tr></thead>
    <tbody>
      ${edges.map(({ node }) => html`<tr key=${node.hash}>
        <td><a class="hash" href=${`/spec/${node.hash}`} aria-label=${`spec ${node.name}@${node.version} /${node.hash.slice(0, 7)}`}>/${node.hash.slice(0, 7)}</a></td>
        <td class="package"><a href=${`/package/${enc(node.name)}`}>${node.name}</a></td>
        <td>${node.version}</td>
        <td>${compilerText(node.compiler)}</td>
        <td class="arch">${node.platform} / ${node.os} / ${node.target}</td>
        <td class="variants"><div class="clamp" title=${variantText(node.variants)}>${variantText(node.variants)}</div></td>
        <td>${node.stacks.filter((s) => s.name !== "root").map((s) => s.name).filter((n, i, all) => all.indexOf(n) === i).join(", ")}</td>
        <td class="tags">${node.tags.map((t, i) => html`${i ? ", " : ""}<a href=${`/tag/${enc(t.name)}`}>${t.name}</a>`)}</td>
        ${sized ? html`<td class="num">${formatSize(node.size)}</td>` : null}
      </tr>`)}
    </tbody>
  </table></div>`;
}

// `hrefFor(page)` is the link to a page; `label` names this pager among others on the page.
export function Pager({ page, total, hasNext, hrefFor, label = "Pages" }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return null;
  return html`<nav class="pager" aria-label=${label}>
    ${page > 1 ? html`<a href=${hrefFor(page - 1)} rel="prev">Previous</a>` : html`<span aria-disabled="true">Previous</span>`}
    <span aria-current="page">Page ${page} of ${pages}</span>
    ${hasNext ? html`<a href=${hrefFor(page + 1)} rel="next">Next</a>` : html`<span aria-disabled="true">Next</span>`}
  </nav>`;
}
