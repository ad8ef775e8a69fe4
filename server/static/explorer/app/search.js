// The search view: one box (free text or spec syntax), "my host", facets, results, pages.
// Used by the search page and, narrowed to one package, by the package page.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, FACET_LIMIT, PAGE_SIZE, SEARCH_QUERY, cursorForPage, gql, rememberCursor } from "./api.js";
import { errorMessages, useAnswer } from "./load.js";
import { html, navigate } from "./nav.js";
import { effectiveMode, formatSearch, hasFilters, parseSearch, searchArgs, storeHost, storedHost, toggled } from "./state.js";
import { Facets } from "./facets.js";
import { Pager, ResultsTable } from "./results.js";
import { CatalogNotice, MaintainedPackages } from "./catalog.js";

const TYPING_DELAY_MS = 150;
const EXAMPLES = ["hdf5 mpi", "hdf5 +mpi %gcc@13", "py-numpy", "zlib-ng@2.2: target=x86_64_v3", "cmake os=ubuntu22.04"];

// A URL without a host means the host remembered in this browser.
export function withStoredHost(state) {
  return { ...state, host: state.host === null ? storedHost() : state.host };
}

function currentState() {
  return withStoredHost(parseSearch(location.search));
}

function commit(state, source) {
  navigate(location.pathname + formatSearch(state), source);
}

function columnOf(message) {
  const match = /at column (\d+)/.exec(message);
  return match ? parseInt(match[1], 10) : null;
}

function isHostError(message, host) {
  return Boolean(host) && (/microarchitecture|compatibleWith|host/i.test(message) || message.includes(`'${host}'`));
}

// A compare view's unknown tag or stack ("from: unknown tag 'x'"): shown by the view.
export function isScopeError(message) {
  return /^(from|to): /.test(message);
}

export function SearchPage({ where }) {
  useEffect(() => {
    document.title = "spackdex: find Spack binaries";
  }, []);
  return html`<main id="main">
    <h1 class="visually-hidden" tabindex="-1">Search Spack binaries</h1>
    <${SearchView} where=${where} boxLabel="Search packages or spec syntax" examples=${EXAMPLES} />
  </main>`;
}

export function SearchView({ where, base = {}, boxLabel, examples = [] }) {
  const state = currentState();
  const onChange = (patch, source) => commit({ ...currentState(), ...patch, page: 1 }, source);
  const onToggle = (param, value) => commit(toggled(currentState(), param, value), "facet");
  const { result, error, busy } = useSearch(state, base);
  const hrefFor = (page) => location.pathname + formatSearch({ ...state, page });
  // the catalog's notes belong to the search of everything, not to one package's binaries
  const everything = Object.keys(base).length === 0;
  const freeText = everything && result && result.page === 1 && result.query;
  return html`
    <${SearchBar} where=${where} state=${state} format=${formatSearch} onChange=${onChange}
      messages=${errorMessages(error)} boxLabel=${boxLabel} />
    ${examples.length
      ? html`<p class="note examples">Try${examples.map((q, i) => html`${i ? ", " : " "}<a href=${`/?q=${encodeURIComponent(q)}`}>${q}</a>`)}.</p>`
      : null}
    <div class="layout">
      <${FilterSidebar} facets=${result && result.specs.facets} state=${state} onToggle=${onToggle}
        onClear=${() => onChange({ filters: {} }, "facet")} />
      <section class="results" aria-labelledby="results-heading" aria-busy=${busy ? "true" : "false"}>
        <h2 id="results-heading" class="status" aria-live="polite">
          ${result ? `${result.specs.totalCount.toLocaleString("en")} ${result.specs.totalCount === 1 ? "spec" : "specs"}` : "Searching…"}
          ${busy && result ? html`<span class="busy" aria-hidden="true">${" updating…"}</span>` : null}
        </h2>
        ${error && result ? html`<p class="note">The results below are from the last search that worked.</p>` : null}
        ${everything ? html`<${MaintainedPackages} maintainers=${state.filters.maintainer || []} />` : null}
        ${freeText ? html`<${CatalogNotice} q=${result.query} specs=${result.specs} />` : null}
        ${result ? html`<${ResultsTable} edges=${result.specs.edges} />` : null}
        ${result && result.specs.totalCount === 0 ? html`<${EmptyHelp} state=${state} />` : null}
        ${result ? html`<${Pager} page=${result.page} total=${result.specs.totalCount} hasNext=${result.specs.pageInfo.hasNextPage} hrefFor=${hrefFor} />` : null}
      </section>
    </div>`;
}

// The box (free text or spec syntax), how to read it, and "my host". `format` turns a state
// into the URL's query string; `onChange(patch, source)` commits a change of q, mode or host.
export function SearchBar({ where, state, format, onChange, messages, boxLabel }) {
  const [text, setText] = useState(state.q);
  const [hostText, setHostText] = useState(state.host);
  const timers = useRef({});

  // The URL holds the host too: a visit without one takes the host remembered here.
  useEffect(() => {
    if (parseSearch(location.search).host === null && state.host) {
      history.replaceState(null, "", location.pathname + format(state));
    }
  }, [where.path]);
  // Back, forward and links set the boxes from the URL; typing leaves them alone.
  useEffect(() => {
    if (where.source === "typing") return;
    setText(state.q);
    setHostText(state.host);
  }, [where.serial]);

  const onQuery = (event) => {
    const value = event.currentTarget.value;
    setText(value);
    clearTimeout(timers.current.q);
    timers.current.q = setTimeout(() => onChange({ q: value }, "typing"), TYPING_DELAY_MS);
  };
  const onHost = (event) => {
    const value = event.currentTarget.value.trim();
    setHostText(event.currentTarget.value);
    clearTimeout(timers.current.host);
    timers.current.host = setTimeout(() => {
      storeHost(value);
      onChange({ host: value }, "typing");
    }, TYPING_DELAY_MS * 2);
  };
  const onSubmit = (event) => {
    event.preventDefault();
    clearTimeout(timers.current.q);
    onChange({ q: text }, "facet");
  };
  const onMode = (event) => onChange({ mode: event.currentTarget.value }, "facet");

  const hostMessages = messages.filter((m) => isHostError(m, state.host));
  const boxMessages = messages.filter((m) => !isHostError(m, state.host) && !isScopeError(m));
  const mode = effectiveMode(state);
  const column = boxMessages.length ? columnOf(boxMessages[0]) : null;

  return html`
    <form role="search" class="searchbar" onSubmit=${onSubmit} aria-label="Search">
      <div class="field query">
        <label for="search-box">${boxLabel} <kbd title="keyboard shortcut">/</kbd></label>
        <input id="search-box" type="search" name="q" value=${text} onInput=${onQuery}
          autocomplete="off" spellcheck="false" placeholder="hdf5 +mpi %gcc@13"
          aria-invalid=${boxMessages.length ? "true" : "false"}
          aria-describedby="search-mode-note${boxMessages.length ? " search-error" : ""}" />
        ${boxMessages.length
          ? html`<div id="search-error" class="error" role="alert">
              <p>${boxMessages.join("; ")}</p>
              ${column ? html`<pre class="caret" aria-hidden="true">${state.q + "\n" + " ".repeat(Math.max(0, column - 1)) + "^"}</pre>` : null}
            </div>`
          : null}
      </div>
      <fieldset class="field mode">
        <legend>Read the box as</legend>
        ${[["auto", "Auto"], ["text", "Free text"], ["spec", "Spec syntax"]].map(
          ([value, label]) => html`<label class="radio">
            <input type="radio" name="mode" value=${value} checked=${state.mode === value} onChange=${onMode} /> ${label}
          </label>`,
        )}
        <p id="search-mode-note" class="note">${state.q.trim()
          ? `Reading "${state.q.trim()}" as ${mode === "spec" ? "Spack spec syntax" : "free text"}.`
          : "Free text, or spec syntax such as hdf5@1.14: +mpi %gcc target=zen3."}</p>
      </fieldset>
      <div class="field host">
        <label for="host-box">My host (<code>spack arch</code>)</label>
        <input id="host-box" type="text" name="host" value=${hostText} onInput=${onHost}
          autocomplete="off" spellcheck="false" placeholder="linux-ubuntu24.04-zen3"
          aria-invalid=${hostMessages.length ? "true" : "false"}
          aria-describedby="host-note${hostMessages.length ? " host-error" : ""}" />
        <p id="host-note" class="note">Only binaries that run there. Kept in this browser.</p>
        ${hostMessages.length ? html`<p id="host-error" class="error" role="alert">${hostMessages.join("; ")}</p>` : null}
      </div>
    </form>`;
}

// The facet sidebar with its "clear" button; the counts come with the results.
export function FilterSidebar({ facets, state, onToggle, onClear, note = null }) {
  return html`<aside class="facets" aria-label="Filters">
    <h2>Filters</h2>
    ${note ? html`<p class="note">${note}</p>` : null}
    ${hasFilters(state) ? html`<button type="button" class="clear" onClick=${onClear}>Clear filters</button>` : null}
    ${facets ? html`<${Facets} facets=${facets} state=${state} onToggle=${onToggle} />` : null}
  </aside>`;
}

function EmptyHelp({ state }) {
  return html`<div class="empty">
    <p>Nothing matches${state.q ? html` <q>${state.q}</q>` : null}${hasFilters(state) ? " with these filters" : ""}${state.host ? ` on ${state.host}` : ""}.</p>
    <p>Try fewer words, clear a filter, or spec syntax like <a href="/?q=${encodeURIComponent("hdf5 +mpi")}">hdf5 +mpi</a>.</p>
  </div>`;
}

// Runs the search for the state in the URL; an answer to an older state is dropped.
function useSearch(state, base) {
  const args = searchArgs(state, base);
  return useAnswer(JSON.stringify([args, state.page]), async (signal) => {
    const after = await cursorForPage(args, state.page, signal);
    if (after === undefined) throw new ApiError([`page ${state.page} is past the last result`]);
    const data = await gql(SEARCH_QUERY, { ...args, first: PAGE_SIZE, after, limit: FACET_LIMIT }, signal);
    rememberCursor(args, state.page, data.specs.pageInfo.endCursor);
    return { specs: data.specs, page: state.page, query: args.query };
  });
}
