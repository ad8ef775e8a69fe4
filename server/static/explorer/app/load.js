// Loading one page's data: the answer to the newest request wins, errors are shown.
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "./nav.js";

export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null });
  const latest = useRef(0);
  useEffect(() => {
    const seq = ++latest.current;
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => seq === latest.current && setState({ data, error: null }),
      (error) => seq === latest.current && error.name !== "AbortError" && setState({ data: null, error }),
    );
    return () => controller.abort();
  }, deps);
  return state;
}

export function Problem({ error }) {
  return html`<p class="error" role="alert">${error.message || String(error)}</p>`;
}
