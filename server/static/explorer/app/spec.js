// /spec/<hash>: the spec as Spack prints it, install commands with a copy button, where it
// is (tags and stacks), and its dependencies and dependents as links.
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api.js";
import { compilerText, enc, formatSize, html, navigate } from "./nav.js";
import { Problem, useLoad } from "./load.js";

const SPEC_QUERY = `query Spec($hash: String!, $tag: String, $after: String) {
  spec(hash: $hash) {
    hash name version spackSpec compiler { name version } platform os target variants size tarball
    package { name description }
    occurrences { tag { name } stacks { name numSpecs } }
    installCommands(tag: $tag)
    dependencyEdges { name hash version deptypes virtuals spec { hash } }
    dependents(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { hash name version compiler { name version } os target } } }
  }
}`;

export function SpecPage({ hash, where }) {
  const chosenTag = new URLSearchParams(where.search).get("tag");
  const { data, error } = useLoad((signal) => gql(SPEC_QUERY, { hash, tag: chosenTag }, signal), [hash, chosenTag]);
  const spec = data && data.spec;
  useEffect(() => {
    document.title = spec ? `${spec.name}@${spec.version} /${spec.hash.slice(0, 7)}: spackdex` : `/${hash}: spackdex`;
  }, [spec, hash]);
  if (error) return html`<main id="main"><h1 tabindex="-1">/${hash}</h1><${Problem} error=${error} /></main>`;
  if (!data) return html`<main id="main"><h1 tabindex="-1">/${hash}</h1><p aria-live="polite">Loading…</p></main>`;
  if (!spec) return html`<main id="main"><h1 tabindex="-1">/${hash}</h1><p>No spec with this hash is in this index.</p></main>`;
  const tags = spec.occurrences.map((o) => o.tag.name);
  const tag = chosenTag && tags.includes(chosenTag) ? chosenTag : tags[0];
  const commands = spec.installCommands.join("\n");
  return html`<main id="main" class="spec">
    <h1 tabindex="-1"><a href=${`/package/${enc(spec.name)}`}>${spec.name}</a>@${spec.version} <span class="hash">/${spec.hash.slice(0, 7)}</span></h1>
    ${spec.package.description ? html`<p class="description">${spec.package.description}</p>` : null}
    <pre class="spackspec" aria-label="The spec as Spack prints it"><code>${spec.spackSpec}</code></pre>
    <section aria-labelledby="install-heading">
      <h2 id="install-heading">Install</h2>
      ${tags.length > 1
        ? html`<label for="install-tag">From the mirror of tag</label>
          <select id="install-tag" value=${tag} onChange=${(e) => navigate(`/spec/${spec.hash}?tag=${enc(e.currentTarget.value)}`, "facet")}>
            ${tags.map((t) => html`<option value=${t}>${t}</option>`)}
          </select>`
        : html`<p>From the mirror of tag <a href=${`/tag/${enc(tag)}`}>${tag}</a>:</p>`}
      <${CopyBlock} id="install-commands" text=${commands} label="Copy install commands" />
    </section>
    <section aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <dl class="details">
        <dt>Hash</dt><dd><code>${spec.hash}</code></dd>
        <dt>Compiler</dt><dd>${compilerText(spec.compiler) || "none"}</dd>
        <dt>Platform / OS / target</dt><dd>${spec.platform} / ${spec.os} / ${spec.target}</dd>
        <dt>Size</dt><dd>${formatSize(spec.size) || "not recorded"}</dd>
        <dt>Variants</dt><dd><ul class="variants">${spec.variants.map((v) => html`<li><code>${v}</code></li>`)}</ul></dd>
        ${spec.tarball ? html`<dt>Tarball</dt><dd><code>${spec.tarball}</code></dd>` : null}
      </dl>
    </section>
    <section aria-labelledby="where-heading">
      <h2 id="where-heading">Where it is</h2>
      <ul>${spec.occurrences.map((o) => html`<li><a href=${`/tag/${enc(o.tag.name)}`}>${o.tag.name}</a>: stacks
        ${o.stacks.map((s, i) => html`${i ? ", " : " "}<a href=${`/?tag=${enc(o.tag.name)}&stack=${enc(s.name)}`}>${s.name}</a>`)}</li>`)}</ul>
    </section>
    <section aria-labelledby="deps-heading">
      <h2 id="deps-heading">Dependencies</h2>
      ${spec.dependencyEdges === null
        ? html`<p>The source of this spec recorded no dependencies (cache-site pages do not).</p>`
        : spec.dependencyEdges.length === 0
          ? html`<p>None.</p>`
          : html`<ul>${spec.dependencyEdges.map((d) => html`<li>
              ${d.spec ? html`<a href=${`/spec/${d.hash}`}>${d.name}@${d.version || "?"} /${d.hash.slice(0, 7)}</a>` : html`${d.name}@${d.version || "?"} /${d.hash.slice(0, 7)} (not a binary here)`}
              <span class="note"> ${d.deptypes.join(", ")}${d.virtuals.length ? `; provides ${d.virtuals.join(", ")}` : ""}</span></li>`)}</ul>`}
    </section>
    <${Dependents} spec=${spec} />
  </main>`;
}

function Dependents({ spec }) {
  const [more, setMore] = useState([]);
  const [next, setNext] = useState(spec.dependents.pageInfo);
  useEffect(() => {
    setMore([]);
    setNext(spec.dependents.pageInfo);
  }, [spec.hash]);
  const loadMore = async () => {
    const data = await gql(SPEC_QUERY, { hash: spec.hash, tag: null, after: next.endCursor });
    setMore([...more, ...data.spec.dependents.edges]);
    setNext(data.spec.dependents.pageInfo);
  };
  const edges = [...spec.dependents.edges, ...more];
  return html`<section aria-labelledby="dependents-heading">
    <h2 id="dependents-heading">Dependents (${spec.dependents.totalCount})</h2>
    ${edges.length
      ? html`<ul>${edges.map(({ node }) => html`<li key=${node.hash}><a href=${`/spec/${node.hash}`}>${node.name}@${node.version} /${node.hash.slice(0, 7)}</a>
          <span class="note"> ${compilerText(node.compiler)} ${node.os} ${node.target}</span></li>`)}</ul>`
      : html`<p>No binary in this index depends on it.</p>`}
    ${next.hasNextPage ? html`<button type="button" onClick=${loadMore}>Show more dependents</button>` : null}
  </section>`;
}

// The text to copy is in data-copy, so what the button copies is visible to tests and tools.
export function CopyBlock({ id, text, label }) {
  const [copied, setCopied] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("Copied.");
    } catch {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(id));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      setCopied("Selected: press Ctrl+C to copy.");
    }
  };
  return html`<div class="copyblock">
    <pre id=${id}><code>${text}</code></pre>
    <button type="button" class="copy" data-copy=${text} aria-describedby=${`${id}-status`} onClick=${copy}>${label}</button>
    <span id=${`${id}-status`} class="note" role="status">${copied}</span>
  </div>`;
}
