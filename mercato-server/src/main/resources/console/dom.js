// Small DOM and formatting helpers. Text always goes in as text nodes (ids and names come from
// clients), never as HTML.

/** h('div', {class: 'x', onclick: fn}, 'text', child...) → an element. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const INT = new Intl.NumberFormat('en', {maximumFractionDigits: 0});
const DEC = new Intl.NumberFormat('en', {maximumFractionDigits: 2});

/** A count, a rate per second, a money amount (string or number): '—' when absent. */
export function num(v) {
  if (v === undefined || v === null || v === '') return '—';
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  return Number.isInteger(n) ? INT.format(n) : DEC.format(n);
}

export function money(v, currency) {
  if (v === undefined || v === null) return '—';
  return num(v) + (currency ? ' ' + currency : '');
}

/** A share in [0, 1] as a percentage. */
export function pct(v, digits = 2) {
  if (v === undefined || v === null || !Number.isFinite(Number(v))) return '—';
  return (Number(v) * 100).toFixed(digits) + '%';
}

/** An ISO instant as UTC date and time, seconds precision. */
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
}

/** The "as of" stamp of a number: the event time it reflects. */
export function asOf(iso) {
  return h('small', {class: 'asof', title: 'event time this number reflects'}, 'as of ' + time(iso));
}

/** A labelled tile: h tile with a value, a label and its stamp. */
export function tile(label, value, stampIso, id) {
  return h('div', {class: 'tile', 'data-tile': id || label},
    h('div', {class: 'tile-value'}, value),
    h('div', {class: 'tile-label'}, label),
    stampIso === undefined ? null : asOf(stampIso));
}

/** A table from column headers and rows of cells. */
export function table(headers, rows, attrs) {
  return h('table', attrs || {},
    h('thead', {}, h('tr', {}, headers.map(x => h('th', {}, x)))),
    h('tbody', {}, rows.length ? rows.map(r => h('tr', {}, r.map(c => h('td', {}, c))))
      : h('tr', {}, h('td', {colspan: headers.length, class: 'muted'}, 'nothing yet'))));
}

/** A section with a title and content. */
export function panel(title, ...content) {
  return h('section', {class: 'panel'}, h('h2', {}, title), ...content);
}
