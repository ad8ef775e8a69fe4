// The facet sidebar: counts per value, disjunctive as the API computes them; a checkbox
// toggles a value in the URL.
import { useState } from "preact/hooks";
import { html } from "./nav.js";
import { FACETS } from "./state.js";

const SHOWN = 8;

export function Facets({ facets, state, onToggle }) {
  return FACETS.map((facet) => {
    const selected = state.filters[facet.param] || [];
    const counted = facet.uncounted ? { values: [], truncated: false } : facets.find((f) => f.field === facet.field);
    return counted ? html`<${FacetGroup} key=${facet.field} facet=${facet} counted=${counted} selected=${selected} onToggle=${onToggle} />` : null;
  });
}

function FacetGroup({ facet, counted, selected, onToggle }) {
  const [open, setOpen] = useState(false);
  const values = counted.values.slice();
  for (const value of selected) {
    if (!values.some((v) => v.value === value)) values.push({ value, count: facet.uncounted ? null : 0, selected: true });
  }
  if (!values.length) return null;
  const shown = open ? values : values.filter((v, i) => i < SHOWN || selected.includes(v.value));
  const hidden = values.length - shown.length;
  const id = `facet-${facet.param}`;
  return html`<fieldset class="facet" id=${id} data-field=${facet.field}>
    <legend>${facet.label}</legend>
    <ul>
      ${shown.map(
        (v) => html`<li key=${v.value}>
          <label class=${selected.includes(v.value) ? "selected" : ""}>
            <input type="checkbox" data-value=${v.value} checked=${selected.includes(v.value)}
              onChange=${() => onToggle(facet.param, v.value)} />
            <span class="value">${v.value}</span>
            ${v.count === null ? null : html`<span class="count">${v.count.toLocaleString("en")}</span>`}
          </label>
        </li>`,
      )}
    </ul>
    ${hidden > 0 || open
      ? html`<button type="button" class="more" aria-expanded=${open ? "true" : "false"} aria-controls=${id} onClick=${() => setOpen(!open)}>
          ${open ? "Show fewer" : `Show ${hidden} more`}
        </button>`
      : null}
    ${counted.truncated && open ? html`<p class="note">Only the ${counted.values.length} most frequent values; type to narrow.</p>` : null}
  </fieldset>`;
}
