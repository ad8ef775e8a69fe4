// The results table (as cache.spack.io lists a tag) and the pager.
import { PAGE_SIZE } from "./api.js";
import { compilerText, enc, formatSize, html } from "./nav.js";
import { formatSearch } from "./state.js";

// As Spack prints them: boolean variants run together, then key=value pairs.
function variantText(variants) {
  const flags = variants.filter((v) => /^[+~]/.test(v)).join("");
  const pairs = variants.filter((v) => !/^[+~]/.test(v));
  return [flags, ...pairs].filter(Boolean).join(" ");
}

export function ResultsTable({ edges }) {
  if (!edges.length) return null;
  return html`<div class="table-wrap"><table class="specs">
    <caption class="visually-hidden">Matching binaries; open a spec for its install commands</caption>
    <thead><tr>
      <th scope="col">Package</th><th scope="col">Version</th><th scope="col">Compiler</th>
      <th scope="col">Platform / OS / target</th><th scope="col">Variants</th>
      <th scope="col">Stacks</th><th scope="col">Tags</th><th scope="col" class="num">Size</th>
      <th scope="col">Spec</th>
    </tr></thead>
    <tbody>
      ${edges.map(({ node }) => html`<tr key=${node.hash}>
        <td><a href=${`/package/${enc(node.name)}`}>${node.name}</a></td>
        <td>${node.version}</td>
        <td>${compilerText(node.compiler)}</td>
        <td class="arch">${node.platform} / ${node.os} / ${node.target}</td>
        <td class="variants">${variantText(node.variants)}</td>
        <td>${node.stacks.filter((s) => s.name !== "root").map((s) => s.name).filter((n, i, all) => all.indexOf(n) === i).join(", ")}</td>
        <td>${node.tags.map((t, i) => html`${i ? ", " : ""}<a href=${`/tag/${enc(t.name)}`}>${t.name}</a>`)}</td>
        <td class="num">${formatSize(node.size)}</td>
        <td><a class="hash" href=${`/spec/${node.hash}`} aria-label=${`spec ${node.name}@${node.version} /${node.hash.slice(0, 7)}`}>/${node.hash.slice(0, 7)}</a></td>
      </tr>`)}
    </tbody>
  </table></div>`;
}

export function Pager({ state, page, total, hasNext }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return null;
  const href = (p) => location.pathname + formatSearch({ ...state, page: p });
  return html`<nav class="pager" aria-label="Pages">
    ${page > 1 ? html`<a href=${href(page - 1)} rel="prev">Previous</a>` : html`<span aria-disabled="true">Previous</span>`}
    <span aria-current="page">Page ${page} of ${pages}</span>
    ${hasNext ? html`<a href=${href(page + 1)} rel="next">Next</a>` : html`<span aria-disabled="true">Next</span>`}
  </nav>`;
}
