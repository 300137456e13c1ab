// Small DOM helpers. Every value that came from a request (events, records, journal entries) is
// written with textContent, never parsed as HTML.

/**
 * h("div", { class: "card", onclick: fn, dataset: { id } }, child, "text", [more]) builds an
 * element. Props: class, text, dataset, on<event> handlers, boolean and string attributes.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  applyProps(element, props);
  append(element, children);
  return element;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function applyProps(element, props) {
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") element.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (name === "text") element.textContent = String(value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name === "value") element.value = value;
    else if (name === "checked") element.checked = Boolean(value);
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of `element`. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** Pretty JSON with its tokens coloured by class (json-key, json-string, json-number, json-literal). */
export function jsonView(value, props = {}) {
  const pre = h("pre", { ...props, class: ["json", props.class] });
  if (value === undefined) {
    pre.append(h("span", { class: "json-literal", text: "(nothing)" }));
    return pre;
  }
  const text = JSON.stringify(value, null, 2) ?? String(value);
  const token = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
  let last = 0;
  for (const match of text.matchAll(token)) {
    if (match.index > last) pre.append(text.slice(last, match.index));
    if (match[1] !== undefined) {
      pre.append(h("span", { class: match[2] ? "json-key" : "json-string", text: match[1] }));
      if (match[2]) pre.append(match[2]);
    } else if (match[3] !== undefined) {
      pre.append(h("span", { class: "json-literal", text: match[3] }));
    } else {
      pre.append(h("span", { class: "json-number", text: match[4] }));
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) pre.append(text.slice(last));
  return pre;
}

/** A button that copies `text()` to the clipboard and says so. */
export function copyButton(text, label = "Copy", props = {}) {
  const button = h("button", {
    type: "button",
    class: "button small copy",
    title: "Copy to the clipboard",
    ...props,
    onclick: async () => {
      const ok = await copyText(typeof text === "function" ? text() : text);
      button.textContent = ok ? "Copied" : "Select and copy";
      button.classList.toggle("done", ok);
      setTimeout(() => {
        button.textContent = label;
        button.classList.remove("done");
      }, 1500);
    },
  });
  button.textContent = label;
  return button;
}

async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // not allowed: fall back to a selection
  }
  const area = h("textarea", { class: "offscreen", readonly: true });
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

export function badge(text, kind = "neutral") {
  return h("span", { class: `badge badge-${kind}`, text });
}

const STATE_KINDS = { enabled: "ok", ingested: "ok", success: "ok", disabled: "muted", draft: "muted", failed: "fail", error: "fail" };

export function stateBadge(state) {
  return badge(state ?? "unknown", STATE_KINDS[String(state).toLowerCase()] ?? "neutral");
}

export function statusBadge(status) {
  const kind = status >= 500 ? "fail" : status >= 400 ? "warn" : status >= 200 && status < 300 ? "ok" : "neutral";
  return badge(String(status), kind);
}

/** 2026-01-31 20:46:59 in local time, from epoch ms or an ISO string. */
export function timeOf(value) {
  if (value === undefined || value === null) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function clockOf(value) {
  return timeOf(value).slice(11);
}

export function shortId(id, length = 8) {
  const text = String(id ?? "");
  return text.length > length + 1 ? `${text.slice(0, length)}…` : text;
}

/** An id in monospace, shortened, with the whole id as its title. */
export function idView(id, length = 8) {
  return h("code", { class: "id", title: String(id ?? ""), text: shortId(id, length) });
}

/** A labelled control: <label><span>Label</span>control</label>. */
export function field(label, control, hint) {
  return h("label", { class: "field" }, h("span", { class: "field-label", text: label }), control, hint ? h("small", { class: "hint", text: hint }) : null);
}

/** A button that asks once more before it acts (no browser dialog). */
export function confirmButton(label, confirmLabel, action, props = {}) {
  let armed = false;
  let timer;
  const button = h("button", {
    type: "button",
    class: ["button", props.class ?? "danger"],
    ...Object.fromEntries(Object.entries(props).filter(([name]) => name !== "class")),
    onclick: async () => {
      if (!armed) {
        armed = true;
        button.textContent = confirmLabel;
        button.classList.add("armed");
        timer = setTimeout(() => {
          armed = false;
          button.textContent = label;
          button.classList.remove("armed");
        }, 4000);
        return;
      }
      clearTimeout(timer);
      armed = false;
      button.textContent = label;
      button.classList.remove("armed");
      button.disabled = true;
      try {
        await action();
      } finally {
        button.disabled = false;
      }
    },
  });
  button.textContent = label;
  return button;
}

/** A message at the bottom right for a few seconds. */
export function toast(message, kind = "info") {
  const area = document.getElementById("toasts");
  if (!area) return;
  const item = h("div", { class: `toast toast-${kind}`, role: "status", text: message });
  area.append(item);
  setTimeout(() => item.remove(), kind === "error" ? 7000 : 3500);
}

/** A panel: a section with a heading, optional actions at its right, and a body. */
export function panel(title, { actions = [], class: extra, id } = {}, ...body) {
  return h(
    "section",
    { class: ["panel", extra], id },
    h("header", { class: "panel-head" }, h("h2", { text: title }), h("div", { class: "panel-actions" }, actions)),
    h("div", { class: "panel-body" }, body),
  );
}

/** A table from column definitions [{label, cell(row) -> node|string, class}] and rows. */
export function table(columns, rows, { onRowClick, rowClass, rowProps, empty = "Nothing yet.", selected } = {}) {
  const head = h("thead", {}, h("tr", {}, columns.map((column) => h("th", { class: column.class, text: column.label }))));
  const body = h("tbody");
  if (rows.length === 0) {
    body.append(h("tr", { class: "empty-row" }, h("td", { colspan: columns.length, text: empty })));
  }
  for (const row of rows) {
    const tr = h(
      "tr",
      {
        ...(rowProps?.(row) ?? {}),
        class: [rowClass?.(row), onRowClick ? "clickable" : null, selected?.(row) ? "selected" : null],
        tabindex: onRowClick ? "0" : undefined,
        onclick: onRowClick ? () => onRowClick(row) : undefined,
        onkeydown: onRowClick
          ? (event) => {
              if (event.key === "Enter") onRowClick(row);
            }
          : undefined,
      },
      columns.map((column) => h("td", { class: column.class }, column.cell(row))),
    );
    body.append(tr);
  }
  return h("div", { class: "table-wrap" }, h("table", { class: "table" }, head, body));
}

/** Single-quotes a word for a POSIX shell. */
export function shellQuote(text) {
  return `'${String(text).replace(/'/g, `'\\''`)}'`;
}
