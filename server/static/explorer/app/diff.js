// /diff?from=<tag>&to=<tag>: what changed between two tags (or stacks of them): the summary,
// the changed packages with their versions added and removed, and the added or removed
// specs with facets. The box, "my host" and the facets restrict both sides.
import { useEffect } from "preact/hooks";
import { gql } from "./api.js";
import { TAGS_QUERY, diffArgs, formatCompare, loadDiff, parseCompare, previousTag } from "./diffdata.js";
import { Problem, errorMessages, useAnswer, useLoad } from "./load.js";
import { enc, html, navigate, redirect } from "./nav.js";
import { Pager, ResultsTable } from "./results.js";
import { FilterSidebar, SearchBar, isScopeError } from "./search.js";
import { toggled } from "./state.js";

const SUMMARY = [
  ["added", "Specs added"],
  ["removed", "Specs removed"],
  ["unchanged", "Specs unchanged"],
  ["packagesAdded", "Packages added"],
  ["packagesRemoved", "Packages removed"],
  ["packagesChanged", "Packages changed"],
];

function scopeText(tag, stack) {
  return stack ? `${tag} (${stack})` : tag;
}

function hrefOf(state) {
  return location.pathname + formatCompare(state);
}

export function DiffPage({ where }) {
  const state = parseCompare(location.search);
  const ready = Boolean(state.from && state.to);
  const tags = useLoad((signal) => gql(TAGS_QUERY, {}, signal), []);
  const names = tags.data ? tags.data.tags.map((t) => t.name) : null;
  // A link without sides compares the first tag with the one before it.
  useEffect(() => {
    if (!names || ready) return;
    const to = state.to || names[0] || "";
    redirect(hrefOf({ ...state, to, from: state.from || previousTag(names, to) || to }));
  }, [names === null, where.serial]);
  const title = ready ? `${scopeText(state.from, state.fromStack)} → ${scopeText(state.to, state.toStack)}` : "";
  useEffect(() => {
    document.title = `Compare ${title}: spackdex`;
  }, [title]);

  const change = (patch, source) => navigate(hrefOf({ ...parseCompare(location.search), page: 1, ppage: 1, ...patch }), source);
  const onToggle = (param, value) => change({ filters: toggled(parseCompare(location.search), param, value).filters }, "facet");
  const key = ready ? JSON.stringify([diffArgs(state), state.show, state.page, state.ppage]) : "";
  const { result, error, busy } = useAnswer(key, (signal) => (ready ? loadDiff(state, signal) : Promise.resolve(null)));
  const messages = errorMessages(error);
  const scopeMessages = messages.filter(isScopeError);

  return html`<main id="main" class="diff">
    <h1 tabindex="-1">Compare ${title}</h1>
    ${tags.error ? html`<${Problem} error=${tags.error} />` : null}
    ${tags.data && ready ? html`<${Sides} tags=${tags.data.tags} state=${state} onChange=${change} />` : null}
    ${scopeMessages.length ? html`<p class="error" role="alert">${scopeMessages.join("; ")}</p>` : null}
    <${SearchBar} where=${where} state=${state} format=${formatCompare} onChange=${change}
      messages=${messages} boxLabel="Restrict both sides: packages or spec syntax" />
    <div class="layout">
      <${FilterSidebar} facets=${result && result.specs.facets} state=${state} onToggle=${onToggle}
        onClear=${() => change({ filters: {} }, "facet")}
        note=${`Filters restrict both sides; the counts are of the ${state.show} specs.`} />
      <div class="results" aria-busy=${busy ? "true" : "false"}>
        ${result
          ? html`<${Summary} summary=${result.summary} />
            <${Changes} state=${state} packages=${result.packages} page=${result.ppage} />
            <${SpecList} state=${state} result=${result} busy=${busy} />`
          : error ? null : html`<p aria-live="polite">Loading…</p>`}
      </div>
    </div>
  </main>`;
}

// The two sides, each a tag and optionally one of its stacks, and a swap.
function Sides({ tags, state, onChange }) {
  const side = (key, legend) => {
    const stackKey = `${key}Stack`;
    const known = tags.find((t) => t.name === state[key]);
    const stacks = known ? known.stacks.map((s) => s.name) : [];
    return html`<fieldset class="field side">
      <legend>${legend}</legend>
      <label for=${`${key}-tag`}>Tag</label>
      <select id=${`${key}-tag`} value=${state[key]} onChange=${(e) => onChange({ [key]: e.currentTarget.value, [stackKey]: "" }, "facet")}>
        ${known ? null : html`<option value=${state[key]}>${state[key]}</option>`}
        ${tags.map((t) => html`<option value=${t.name}>${t.name}</option>`)}
      </select>
      <label for=${`${key}-stack`}>Stack</label>
      <select id=${`${key}-stack`} value=${state[stackKey]} onChange=${(e) => onChange({ [stackKey]: e.currentTarget.value }, "facet")}>
        <option value="">all stacks</option>
        ${state[stackKey] && !stacks.includes(state[stackKey]) ? html`<option value=${state[stackKey]}>${state[stackKey]}</option>` : null}
        ${stacks.map((s) => html`<option value=${s}>${s}</option>`)}
      </select>
    </fieldset>`;
  };
  const swap = () => onChange({ from: state.to, fromStack: state.toStack, to: state.from, toStack: state.fromStack }, "facet");
  return html`<form class="sides" aria-label="Sides to compare" onSubmit=${(e) => e.preventDefault()}>
    ${side("from", "From")} ${side("to", "To")}
    <button type="button" class="swap" onClick=${swap}>Swap sides</button>
  </form>`;
}

function Summary({ summary }) {
  return html`<section aria-labelledby="summary-heading">
    <h2 id="summary-heading">Summary</h2>
    <dl class="summary">${SUMMARY.map(([field, label]) => html`<div key=${field}>
      <dt>${label}</dt><dd data-field=${field}>${summary[field].toLocaleString("en")}</dd></div>`)}</dl>
  </section>`;
}

function Changes({ state, packages, page }) {
  // a package's spec counts open its specs on that side: the box set to its name
  const specsOf = (name, show) => hrefOf({ ...state, q: name, mode: "spec", show, page: 1, ppage: 1 });
  return html`<section aria-labelledby="changes-heading">
    <h2 id="changes-heading">Changed packages (${packages.totalCount.toLocaleString("en")})</h2>
    ${packages.totalCount === 0
      ? html`<p>No package's binaries differ.</p>`
      : html`<div class="table-wrap"><table class="changes">
          <thead><tr><th scope="col">Package</th><th scope="col">Versions added</th><th scope="col">Versions removed</th>
            <th scope="col" class="num">Specs added</th><th scope="col" class="num">Specs removed</th></tr></thead>
          <tbody>${packages.edges.map(({ node }) => html`<tr key=${node.name}>
            <th scope="row"><a href=${`/package/${enc(node.name)}`}>${node.name}</a></th>
            <td class="versions-added">${node.versionsAdded.join(", ")}</td>
            <td class="versions-removed">${node.versionsRemoved.join(", ")}</td>
            <td class="num">${node.specsAdded ? html`<a href=${specsOf(node.name, "added")} aria-label=${`${node.specsAdded} ${node.name} specs added`}>${node.specsAdded}</a>` : "0"}</td>
            <td class="num">${node.specsRemoved ? html`<a href=${specsOf(node.name, "removed")} aria-label=${`${node.specsRemoved} ${node.name} specs removed`}>${node.specsRemoved}</a>` : "0"}</td>
          </tr>`)}</tbody>
        </table></div>`}
    <${Pager} page=${page} total=${packages.totalCount} hasNext=${packages.pageInfo.hasNextPage}
      hrefFor=${(ppage) => hrefOf({ ...state, ppage })} label="Pages of changed packages" />
  </section>`;
}

function SpecList({ state, result, busy }) {
  const { specs, summary } = result;
  const tab = (show, label) => html`<a href=${hrefOf({ ...state, show, page: 1 })} aria-current=${state.show === show ? "true" : null}>
    ${label} (${summary[show].toLocaleString("en")})</a>`;
  return html`<section aria-labelledby="results-heading">
    <nav class="tabs" aria-label="Added or removed specs">${tab("added", "Added")} ${tab("removed", "Removed")}</nav>
    <h2 id="results-heading" class="status" aria-live="polite">
      ${`${specs.totalCount.toLocaleString("en")} ${specs.totalCount === 1 ? "spec" : "specs"} ${state.show}`}
      ${busy ? html`<span class="busy" aria-hidden="true">${" updating…"}</span>` : null}
    </h2>
    <${ResultsTable} edges=${specs.edges} />
    <${Pager} page=${result.page} total=${specs.totalCount} hasNext=${specs.pageInfo.hasNextPage}
      hrefFor=${(page) => hrefOf({ ...state, page })} label="Pages of specs" />
  </section>`;
}
