// Loading one page's data: the answer to the newest request wins, errors are shown.
import { useEffect, useRef, useState } from "preact/hooks";
import { forgetCursors } from "./api.js";
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

// For views that follow the URL as a person types: the last result stays shown (busy) until
// the next arrives, an answer to an older key is dropped, and an error keeps the last result.
export function useAnswer(key, run) {
  const [answer, setAnswer] = useState({ result: null, error: null, busy: true });
  const latest = useRef(0);
  useEffect(() => {
    const seq = ++latest.current;
    const controller = new AbortController();
    setAnswer((old) => ({ ...old, busy: true }));
    const attempt = async (retry) => {
      try {
        const result = await run(controller.signal);
        if (seq === latest.current) setAnswer({ result, error: null, busy: false });
      } catch (error) {
        if (seq !== latest.current || error.name === "AbortError") return;
        if (retry && /older index version/.test(error.message)) {
          forgetCursors(); // the index was updated: walk the new version's cursors
          return attempt(false);
        }
        setAnswer((old) => ({ ...old, error, busy: false }));
      }
    };
    attempt(true);
    return () => controller.abort();
  }, [key]);
  return answer;
}

export function errorMessages(error) {
  return error ? error.messages || [String(error.message || error)] : [];
}

export function Problem({ error }) {
  return html`<p class="error" role="alert">${error.message || String(error)}</p>`;
}
