// ui.js: small DOM helpers shared by the views. Text always goes in as text nodes (never
// innerHTML), and no style attributes are written (the CSP allows only style sheets).

import { t, has, getLang } from './i18n.js';

// h('a', {href: '#/x', class: 'c', on: {click: fn}}, 'text', child, [more])
export function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'selected') el[k] = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  add(el, kids);
  return el;
}

export function add(el, kids) {
  for (const k of [kids].flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    el.append(k instanceof Node ? k : String(k));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

let idSeq = 0;
export function uid(prefix) {
  idSeq += 1;
  return (prefix || 'f') + '-' + idSeq;
}

// A labelled form field: label above, control, optional hint below (tied by aria-describedby).
export function field(label, control, hint) {
  if (!control.id) control.id = uid('f');
  const kids = [h('label', { for: control.id, text: label }), control];
  if (hint) {
    const hid = control.id + '-hint';
    control.setAttribute('aria-describedby', hid);
    kids.push(h('p', { class: 'hint', id: hid, text: hint }));
  }
  return h('div', { class: 'field' }, kids);
}

export function checkbox(label, attrs) {
  const box = h('input', { type: 'checkbox', ...attrs });
  if (!box.id) box.id = uid('c');
  return h('div', { class: 'field check' }, box, h('label', { for: box.id, text: label }));
}

// The district's UTC offset: China Standard Time, as the server's days (timeutil.h
// TIME_DISTRICT_UTC_OFFSET). A day the server records (a case received, a ballot cast) is
// the district's, whatever the time zone of the computer showing the page.
const DISTRICT_UTC_OFFSET_MS = 8 * 3600 * 1000;

// Today's date in the district, YYYY-MM-DD: the default of date fields. (The computer's own
// date is a day behind between 00:00 and 08:00 in Beijing on a computer kept in UTC, and a
// form defaulting to it was refused as before the day its case came in.)
export function today() {
  return new Date(Date.now() + DISTRICT_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

export function loading() {
  return h('p', { class: 'loading', role: 'status', text: t('app.loading') });
}

// The server's own words for an error, which name the exact problem: in Chinese when the
// page is (the API sends message_zh beside message for every message it has in Chinese).
export function errorDetail(err) {
  if (!err) return '';
  return (getLang() === 'zh' && err.messageZh) || err.message || '';
}

// The person-readable text of an error: the translated kind, then the server's own words.
export function errorText(err) {
  if (!err) return t('err.internal');
  if (err.code === 'network') return t('err.network');
  const { kind, detail } = errorParts(err);
  if (kind && detail) return t('err.with_detail', { kind: kind.replace(/[。.]$/, ''), detail });
  return kind || detail || 'HTTP ' + err.status;
}

function errorParts(err) {
  const key = 'err.' + (err.code || '');
  const kind = err.code && has(key) ? t(key) : '';
  const detail = err.message && err.message !== err.code && err.code !== 'network' ? errorDetail(err) : '';
  return { kind, detail };
}

// An error box, rendered in place of what failed to load. retry: optional function, offered
// only when retrying can help (network and server errors, not 4xx answers).
export function errorBox(err, retry) {
  const { kind, detail } = err ? errorParts(err) : { kind: t('err.internal'), detail: '' };
  const box = h(
    'div',
    { class: 'alert alert-error', role: 'alert' },
    h('strong', { text: t('common.error_title') }),
    h('p', { class: 'alert-msg', text: err && err.code === 'network' ? t('err.network') : kind || detail || 'HTTP ' + (err && err.status) }),
    kind && detail ? h('p', { class: 'alert-detail', text: t('common.detail', { detail }) }) : null,
    err && err.field ? h('p', { class: 'alert-detail', text: t('common.field', { field: err.field }) }) : null,
  );
  if (err && err.status) box.dataset.status = String(err.status);
  const useful = !err || !err.status || err.status >= 500 || err.status === 429;
  if (retry && useful) box.append(h('button', { type: 'button', class: 'btn btn-small', text: t('common.retry'), on: { click: retry } }));
  return box;
}

export function notice(text, kind) {
  return h('div', { class: 'alert alert-' + (kind || 'info'), role: kind === 'error' ? 'alert' : 'status', text });
}

// Fills el with what the async fn renders; while it runs, a loading line; if it throws,
// an error box with a retry button.
export async function fill(el, fn) {
  clear(el).append(loading());
  el.setAttribute('aria-busy', 'true');
  try {
    const out = await fn();
    clear(el);
    add(el, out);
  } catch (err) {
    clear(el).append(errorBox(err, () => fill(el, fn)));
    if (!(err && err.status)) console.error(err);
  } finally {
    el.removeAttribute('aria-busy');
  }
}

// Pieces of records that may come as {code,name} objects or as bare codes.
export function codeOf(x) {
  if (x === null || x === undefined) return '';
  return typeof x === 'object' ? x.code || '' : String(x);
}
export function nameOf(x) {
  if (x === null || x === undefined) return '';
  return typeof x === 'object' ? x.name || x.code || '' : String(x);
}

export function unitLink(u) {
  const code = codeOf(u);
  if (!code) return nameOf(u) || '—';
  return h('a', { href: '#/units/' + encodeURIComponent(code), text: nameOf(u) || code });
}
export function personLink(p) {
  const code = codeOf(p);
  if (!code) return nameOf(p) || '—';
  return h('a', { href: '#/people/' + encodeURIComponent(code), text: nameOf(p) || code });
}

// A definition list from [label, value] pairs; values may be nodes; empty ones show —.
export function dl(pairs) {
  const list = h('dl', { class: 'details' });
  for (const [label, value] of pairs) {
    const empty = value === null || value === undefined || value === '';
    list.append(h('div', { class: 'details-row' }, h('dt', { text: label }), h('dd', null, empty ? '—' : value)));
  }
  return list;
}

export function table(headers, rows, caption) {
  const tbl = h('table', { class: 'data' });
  if (caption) tbl.append(h('caption', { class: 'visually-hidden', text: caption }));
  tbl.append(h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col', text: x })))));
  const body = h('tbody');
  for (const r of rows) body.append(r instanceof Node ? r : h('tr', null, r.map((c) => h('td', null, c))));
  tbl.append(body);
  return h('div', { class: 'table-wrap' }, tbl);
}

export function badge(text, kind, title) {
  return h('span', { class: 'badge' + (kind ? ' badge-' + kind : ''), text, title });
}

export function splitAreas(a) {
  if (Array.isArray(a)) return a.filter(Boolean).map(String);
  if (!a) return [];
  return String(a)
    .split(/[、,，;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// Age in whole years on today's date, from YYYY-MM-DD; null when unknown.
export function ageOf(birth, today = new Date()) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(birth || '');
  if (!m) return null;
  const y = +m[1], mo = +m[2], d = +m[3];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < mo || (today.getMonth() + 1 === mo && today.getDate() < d)) age -= 1;
  return age;
}

export function isPost80(birth) {
  const m = /^(\d{4})/.exec(birth || '');
  return !!m && +m[1] >= 1980 && +m[1] <= 1989;
}

export function pageHeader(title, intro, extra) {
  return h(
    'div',
    { class: 'page-head' },
    h('h1', { tabindex: '-1', text: title }),
    intro ? h('p', { class: 'lead', text: intro }) : null,
    extra || null,
  );
}

// A timestamp from the API (ISO 8601, usually UTC) shown in local time, the original as title.
export function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p2 = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + p2(d.getMonth() + 1) + '-' + p2(d.getDate()) + ' ' + p2(d.getHours()) + ':' + p2(d.getMinutes()) + ':' + p2(d.getSeconds());
}
export function timeCell(iso) {
  return h('time', { class: 'nowrap', datetime: iso || null, title: iso || null, text: fmtTime(iso) });
}
