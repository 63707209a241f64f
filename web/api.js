// api.js: the JSON API client. Every non-GET request carries the CSRF token; every error
// becomes an ApiError with the HTTP status and the server's {code, message, field}, and its
// message_zh (the same message in Chinese) as messageZh.

let csrfToken = '';

export function setCsrf(token) {
  csrfToken = token || '';
}

export class ApiError extends Error {
  constructor(status, code, message, field, messageZh) {
    super(message || code || 'HTTP ' + status);
    this.status = status;
    this.code = code || '';
    this.field = field || '';
    this.messageZh = messageZh || '';
  }
}

// Handlers the app installs: called when the session is gone (401) or a password change is
// required (403 password_change_required) on a route other than the session's own.
const hooks = { unauthenticated: null, passwordRequired: null };
export function onAuthLost(fn) {
  hooks.unauthenticated = fn;
}
export function onPasswordRequired(fn) {
  hooks.passwordRequired = fn;
}

function query(params) {
  if (!params) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

export async function request(method, path, { body, params, quiet } = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  let resp;
  try {
    resp = await fetch(path + query(params), init);
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  let data = null;
  const text = await resp.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      if (resp.ok) throw new ApiError(resp.status, 'bad_response', text.slice(0, 200));
    }
  }
  if (!resp.ok) {
    const err = (data && data.error) || {};
    const e = new ApiError(resp.status, err.code || '', err.message || resp.statusText, err.field, err.message_zh);
    if (!quiet) {
      if (resp.status === 401 && hooks.unauthenticated) hooks.unauthenticated(e);
      else if (e.code === 'password_change_required' && hooks.passwordRequired)
        hooks.passwordRequired(e);
    }
    throw e;
  }
  return data;
}

// POSTs body as JSON and answers the file in the response: { blob, filename } (the name from
// Content-Disposition); an error answer throws an ApiError as request() does.
export async function postForFile(path, body) {
  const headers = { Accept: '*/*', 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken };
  let resp;
  try {
    resp = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', cache: 'no-store', body: JSON.stringify(body || {}) });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  if (!resp.ok) {
    let err = {};
    try {
      err = (JSON.parse(await resp.text()) || {}).error || {};
    } catch (e) {
      /* not JSON */
    }
    const e = new ApiError(resp.status, err.code || '', err.message || resp.statusText, err.field, err.message_zh);
    if (resp.status === 401 && hooks.unauthenticated) hooks.unauthenticated(e);
    throw e;
  }
  const disp = resp.headers.get('Content-Disposition') || '';
  const m = /filename="([^"]+)"/.exec(disp);
  return { blob: await resp.blob(), filename: m ? m[1] : 'download' };
}

export const get = (path, params, opts) => request('GET', path, { ...opts, params });
export const post = (path, body, opts) => request('POST', path, { ...opts, body: body || {} });
export const patch = (path, body, opts) => request('PATCH', path, { ...opts, body: body || {} });
export const del = (path, opts) => request('DELETE', path, opts);

// Lists come as {"units":[...]} or, defensively, as a bare array or {"items":[...]}.
export function listOf(data, ...keys) {
  if (Array.isArray(data)) return data;
  if (!data || typeof data !== 'object') return [];
  for (const k of [...keys, 'items', 'data', 'results']) if (Array.isArray(data[k])) return data[k];
  return [];
}

// Every page of a list route, following ?after= with each item's id.
export async function getAll(path, key, params = {}, max = 20) {
  const out = [];
  let after;
  const limit = 1000;
  for (let i = 0; i < max; i++) {
    const page = listOf(await get(path, { ...params, limit, after }), key);
    out.push(...page);
    if (page.length < limit) break;
    const last = page[page.length - 1];
    if (!last || last.id === undefined) break;
    after = last.id;
  }
  return out;
}

export const enc = encodeURIComponent;
