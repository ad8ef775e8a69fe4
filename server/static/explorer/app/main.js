// The explorer's entry: routes /, /package/<name>, /spec/<hash>, /tag/<name>, /diff on the client.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { html, interceptLinks, navigate, onNavigate } from "./nav.js";
import { SearchPage } from "./search.js";
import { PackagePage } from "./package.js";
import { SpecPage } from "./spec.js";
import { TagPage } from "./tag.js";
import { DiffPage } from "./diff.js";

function route(pathname) {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: "search" };
  if (parts[0] === "package" && parts.length === 2) return { page: "package", name: parts[1] };
  if (parts[0] === "spec" && parts.length === 2) return { page: "spec", hash: parts[1] };
  if (parts[0] === "tag" && parts.length === 2) return { page: "tag", name: parts[1] };
  if (parts[0] === "diff" && parts.length === 1) return { page: "diff" };
  return { page: "missing" };
}

function App() {
  const [where, setWhere] = useState({ path: location.pathname, search: location.search, serial: 0, source: "load" });
  useEffect(
    () =>
      onNavigate((source) =>
        setWhere((old) => ({ path: location.pathname, search: location.search, serial: old.serial + 1, source })),
      ),
    [],
  );
  useEffect(() => {
    // a new page (not a new search on the same page) moves focus to its heading
    if (where.source === "typing" || where.source === "facet" || where.source === "load") return;
    const heading = document.querySelector("main h1");
    if (heading && route(where.path).page !== "search") heading.focus();
  }, [where.path]);
  const r = route(where.path);
  let body;
  if (r.page === "search") body = html`<${SearchPage} where=${where} />`;
  else if (r.page === "package") body = html`<${PackagePage} name=${r.name} where=${where} />`;
  else if (r.page === "spec") body = html`<${SpecPage} hash=${r.hash} where=${where} />`;
  else if (r.page === "tag") body = html`<${TagPage} name=${r.name} where=${where} />`;
  else if (r.page === "diff") body = html`<${DiffPage} where=${where} />`;
  else body = html`<main id="main"><h1 tabindex="-1">Not found</h1><p>No page at ${where.path}. <a href="/">Search</a></p></main>`;
  return html`
    <a class="skip" href="#main">Skip to content</a>
    <header class="site">
      <a class="brand" href="/">spackdex</a>
      <span class="tagline">Find Spack binaries</span>
      <nav aria-label="Site"><a href="/diff">Compare tags</a> <a href="/graphql">GraphQL API</a></nav>
    </header>
    ${body}`;
}

// "/" focuses the search box from anywhere (a person typing in a field keeps the slash).
addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
  event.preventDefault();
  const box = document.getElementById("search-box");
  if (box) {
    box.focus();
    box.select();
  } else {
    navigate("/");
    requestAnimationFrame(() => document.getElementById("search-box")?.focus());
  }
});

const root = document.getElementById("app");
root.textContent = "";
interceptLinks(document.body);
render(html`<${App} />`, root);
