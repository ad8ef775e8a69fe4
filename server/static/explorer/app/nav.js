// Client-side navigation with the History API: every view is a real URL.
import { h } from "preact";
import htm from "htm";

export const html = htm.bind(h);

const listeners = new Set();
let lastTyping = 0;

export function onNavigate(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(source) {
  for (const listener of listeners) listener(source);
}

// source "typing": successive keystrokes within a pause replace one history entry, so
// the back button walks searches, not letters.
export function navigate(href, source = "link") {
  const now = Date.now();
  const replace = source === "typing" && now - lastTyping < 1500;
  lastTyping = source === "typing" ? now : 0;
  if (href === location.pathname + location.search) return;
  if (replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  notify(source);
}

// Completes the URL of the view being shown (defaults filled in) without a history entry.
export function redirect(href) {
  history.replaceState(null, "", href);
  notify("load");
}

addEventListener("popstate", () => {
  lastTyping = 0;
  notify("history");
});

// Same-origin links navigate in place; modified clicks (new tab) keep the browser's way.
export function interceptLinks(root) {
  root.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest("a[href]");
    if (!link || link.target || link.hasAttribute("download")) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/graphql")) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}

export function formatSize(bytes) {
  if (bytes === null || bytes === undefined) return "";
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function compilerText(compiler) {
  if (!compiler) return "";
  return compiler.version ? `${compiler.name}@${compiler.version}` : compiler.name;
}

export const enc = encodeURIComponent;
