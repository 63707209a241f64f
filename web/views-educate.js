// views-educate.js: the education pages (教育): the programmes and whom each concerns, a
// programme (targets, sessions, the fair speaker draws), a session with its attendance, the
// units' completion for a year, one unit's people, a cadre's education dossier; and the
// appointment gate (任前把关): pending appointments, the refusal naming what is missing, the
// office's override with a written reason, and the list of overrides. The office manages;
// unit leaders and staff enter their own unit's attendance; inspectors and viewers read.

import { t, has } from './i18n.js';
import * as api from './api.js';
import { h, add, clear, field, notice, fill, errorText, errorDetail, badge, pageHeader, dl, table, unitLink, personLink, today } from './ui.js';

const UNIT_SCOPED = ['unit_leader', 'unit_staff', 'supervisor'];
const UNIT_WRITE = ['office', 'unit_leader', 'unit_staff'];
const DISTRICT = ['office', 'inspector', 'viewer'];
const STATUSES = ['present', 'late', 'excused', 'absent'];
const PAGE = 50;

// A message shown once on the next drawing of a page (after an action redraws it).
let pending = null;
export function flashNext(text) {
  pending = text;
}
export function takeFlash(box) {
  if (pending) {
    box.append(notice(pending, 'success'));
    pending = null;
  }
}

export function ownUnit(ctx) {
  return UNIT_SCOPED.includes(ctx.role) ? (ctx.session.user && ctx.session.user.unit) || '' : '';
}

export function tr(prefix, value, fallback) {
  const key = prefix + value;
  return has(key) ? t(key) : fallback || value || '';
}

// 'a（b）' in Chinese, 'a (b)' in English; 'a、b' and 'a, b'; 'a：' and 'a: '.
export function paren(a, b) {
  return t('edu.paren', { a, b });
}
export function listSep() {
  return t('edu.list_sep');
}

export function fmtNum(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return '—';
  const n = Number(v);
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}
export function fmtRate(v) {
  return v === null || v === undefined ? '—' : Number(v).toFixed(1) + '%';
}

export function crumbs(...links) {
  return h('p', { class: 'crumbs' }, links.map(([href, text], i) => [i ? ' ' : null, h('a', { href, text })]));
}

// A form with labelled fields, a live message area, a submit button disabled while the
// request runs, and the API's error shown next to it naming the field it concerns.
// fields: [{name, label, control, hint}]; onSubmit(values, form) may throw an ApiError.
export function actionForm({ id, title, intro, fields, submit, onSubmit, onCancel, extra }) {
  const msg = h('div', { class: 'form-msg', id: id + '-msg', 'aria-live': 'polite' });
  const btn = h('button', { type: 'submit', class: 'btn btn-primary', id: id + '-submit', text: submit });
  for (const f of fields) {
    f.control.name = f.name;
    if (!f.control.id) f.control.id = id + '-' + f.name;
  }
  const form = h(
    'form',
    { class: 'card inline-form action-panel', id, novalidate: true, 'aria-labelledby': title ? id + '-title' : null },
    title ? h('h2', { id: id + '-title', text: title }) : null,
    intro ? h('p', { class: 'muted', text: intro }) : null,
    msg,
    h('div', { class: 'form-grid' }, fields.map((f) => field(f.label, f.control, f.hint))),
    extra || null,
    h('div', { class: 'form-actions' }, btn, onCancel ? h('button', { type: 'button', class: 'btn', text: t('common.cancel'), on: { click: onCancel } }) : null),
  );
  const showError = (err) => {
    const f = fields.find((x) => err && err.field && (x.name === err.field || err.field.startsWith(x.name + '[') || err.field.startsWith(x.name + '.')));
    const named = f ? f.label : err && err.field ? tr('edu.field.', err.field, err.field) : '';
    const text = errorText(err) + (named ? ' ' + t('common.field', { field: named }) : '');
    clear(msg).append(notice(text, 'error'));
    if (f) {
      f.control.setAttribute('aria-invalid', 'true');
      f.control.focus();
    }
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(msg);
    for (const f of fields) f.control.removeAttribute('aria-invalid');
    const values = {};
    for (const f of fields) {
      const v = f.control.type === 'checkbox' ? f.control.checked : String(f.control.value || '').trim();
      if (f.control.required && v === '') {
        showError({ code: 'invalid', message: t('edu.required', { field: f.label }), field: f.name });
        return;
      }
      values[f.name] = v;
    }
    btn.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await onSubmit(values, form, msg);
    } catch (err) {
      showError(err);
    } finally {
      btn.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  form.showError = showError;
  return form;
}

export function input(attrs) {
  return h('input', { type: 'text', autocomplete: 'off', ...attrs });
}
export function select(options, attrs) {
  return h('select', attrs || {}, options.map(([value, text]) => h('option', { value, text })));
}

// A list route shown page by page with 上一页/下一页 (?limit=&after=, answer {items, next_after}).
export function pagedList(box, { id, fetchPage, render, empty }) {
  const afters = [undefined];
  let pageNo = 0;
  const body = h('div', { id });
  const pager = h('nav', { class: 'pager', 'aria-label': t('edu.pager') });
  add(clear(box), [body, pager]);
  const load = () =>
    fill(body, async () => {
      const data = await fetchPage(afters[pageNo]);
      const items = api.listOf(data, 'items');
      const next = data && data.next_after !== undefined && data.next_after !== null ? data.next_after : null;
      afters[pageNo + 1] = next === null ? undefined : next;
      clear(pager);
      const count = data.total !== undefined && data.total !== null ? t('common.count', { n: data.total }) : '';
      if (pageNo === 0 && next === null) {
        if (count) pager.append(h('span', { class: 'page-no', text: count }));
      } else
        pager.append(
          h('button', { type: 'button', class: 'btn', id: id + '-prev', disabled: pageNo === 0, text: t('common.prev'), on: { click: () => { pageNo -= 1; load(); } } }),
          h('span', { class: 'page-no', text: t('common.page', { n: pageNo + 1 }) + (count ? ' · ' + count : '') }),
          h('button', { type: 'button', class: 'btn', id: id + '-next', disabled: next === null, text: t('common.next'), on: { click: () => { pageNo += 1; load(); } } }),
        );
      if (!items.length) return h('p', { class: 'muted', text: empty || t('common.empty') });
      return render(items, data);
    });
  return load();
}

export function downloadLinks(path, params, name) {
  const q = (fmt) => path + '?' + new URLSearchParams({ ...params, format: fmt }).toString();
  return h(
    'span',
    { class: 'downloads' },
    h('a', { class: 'btn', id: 'download-csv', href: q('csv'), download: name + '.csv', text: t('edu.download_csv') }),
    h('a', { class: 'btn', id: 'download-xlsx', href: q('xlsx'), download: name + '.xlsx', text: t('edu.download_xlsx') }),
  );
}

/* ---- words ---- */

export function statusBadge(s) {
  const kind = { present: 'ok', late: 'info', excused: 'muted', absent: 'danger' }[s] || '';
  return h('span', { class: 'badge badge-att' + (kind ? ' badge-' + kind : ''), dataset: { status: s || '' }, text: tr('edu.status.', s) });
}

function periodText(p) {
  return tr('edu.period.', p || 'year');
}

export function requirementText(p) {
  const parts = [];
  const per = periodText(p.period);
  if (p.required_sessions > 0) parts.push(t('edu.req.sessions', { n: p.required_sessions, period: per }));
  if (p.required_hours > 0) parts.push(t('edu.req.hours', { n: fmtNum(p.required_hours), period: per }));
  return parts.length ? parts.join(t('edu.and')) : t('edu.req.none');
}

export function ruleText(rule) {
  const r = rule || {};
  const parts = [];
  if (r.born_from || r.born_to) parts.push(t('edu.rule.born', { from: r.born_from || '…', to: r.born_to || '…' }));
  if (r.rank_min && r.rank_max) parts.push(t('edu.rule.rank_between', { min: r.rank_min, max: r.rank_max }));
  else if (r.rank_min) parts.push(t('edu.rule.rank_min', { rank: r.rank_min }));
  else if (r.rank_max) parts.push(t('edu.rule.rank_max', { rank: r.rank_max }));
  if (Array.isArray(r.ranks) && r.ranks.length) parts.push(t('edu.rule.ranks', { ranks: r.ranks.join(listSep()) }));
  if (r.village) parts.push(t('edu.rule.village'));
  if (r.agency) parts.push(t('edu.rule.agency'));
  if (r.appointed_within_months) parts.push(t('edu.rule.appointed', { n: r.appointed_within_months }));
  if (Array.isArray(r.units) && r.units.length) parts.push(t('edu.rule.units', { units: r.units.join(listSep()) }));
  if (Array.isArray(r.categories) && r.categories.length) parts.push(t('edu.rule.categories', { cats: r.categories.join(listSep()) }));
  if (Array.isArray(r.unit_kinds) && r.unit_kinds.length) parts.push(t('edu.rule.unit_kinds', { kinds: r.unit_kinds.map((k) => tr('edu.unit_kind.', k)).join(listSep()) }));
  if (r.families) parts.push(t('edu.rule.families'));
  return parts.length ? parts.join(t('edu.sep')) : t('edu.rule.all');
}

function programmeHash(code) {
  return '#/education/programmes/' + encodeURIComponent(code);
}
function sessionHash(id) {
  return '#/education/sessions/' + encodeURIComponent(id);
}
function dossierHash(code, year) {
  return '#/people/' + encodeURIComponent(code) + '/education' + (year ? '?year=' + year : '');
}
function unitEduHash(code, year) {
  return '#/education/units/' + encodeURIComponent(code) + (year ? '?year=' + year : '');
}

function yearOf(ctx) {
  const y = ctx.query.get('year');
  return /^\d{4}$/.test(y || '') ? y : today().slice(0, 4);
}

// A year picker form that replaces ?year= and redraws; extra: more buttons (downloads).
function yearForm(id, year, onYear, extra) {
  const yi = input({ type: 'number', id, min: '2000', max: '2100', step: '1', value: year, inputmode: 'numeric' });
  const f = h('form', { class: 'toolbar', id: id + '-form' }, h('div', { class: 'field field-narrow' }, h('label', { for: id, text: t('edu.year') }), yi), h('div', { class: 'toolbar-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('edu.show') }), extra || null));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    if (/^\d{4}$/.test(yi.value.trim())) onYear(yi.value.trim());
  });
  return f;
}

function eduTabs(ctx, current) {
  const links = [['programmes', '#/education', t('edu.tab.programmes')]];
  if (DISTRICT.includes(ctx.role)) links.push(['completion', '#/education/completion', t('edu.tab.completion')]);
  const own = ownUnit(ctx);
  if (own) links.push(['unit', unitEduHash(own), t('edu.tab.own_unit')]);
  return h('nav', { class: 'subnav', 'aria-label': t('edu.tabs') }, h('ul', { class: 'subnav-list' }, links.map(([name, href, text]) => h('li', null, h('a', { href, text, 'aria-current': name === current ? 'page' : null })))));
}

/* ---- #/education: the programmes ---- */

export async function programmesView(main, ctx) {
  const kind0 = ctx.query.get('kind') || '';
  const kindSel = select([['', t('common.all')]], { id: 'programmes-kind' });
  const list = h('div', { id: 'programmes-list' });
  main.append(pageHeader(t('edu.title'), t('edu.intro')), eduTabs(ctx, 'programmes'), h('form', { class: 'toolbar', on: { submit: (e) => e.preventDefault() } }, field(t('edu.kind'), kindSel)), list);
  let kinds = [];
  try {
    kinds = api.listOf(await api.get('/api/v1/programme-kinds'), 'items');
  } catch (e) {
    if (e.status === 401) throw e;
  }
  for (const k of kinds) kindSel.append(h('option', { value: k.code, text: paren(k.name, k.requirement) }));
  kindSel.value = kinds.some((k) => k.code === kind0) ? kind0 : '';
  const load = () =>
    fill(list, async () => {
      const items = await api.getAll('/api/v1/programmes', 'items', { kind: kindSel.value || undefined });
      if (!items.length) return h('p', { class: 'muted', text: t('edu.programmes_empty') });
      // How many must attend each, and how many of them still owe it this period: the totals
      // of the first page of its targets, all and owing only.
      const count = (p, owing) =>
        api.get('/api/v1/programmes/' + api.enc(p.code) + '/targets', { limit: 1, owing: owing ? 1 : undefined }).then(
          (d) => (typeof d.total === 'number' ? d.total : null),
          (e) => {
            if (e.status === 401) throw e;
            return null;
          },
        );
      const [totals, owing] = await Promise.all([Promise.all(items.map((p) => count(p, false))), Promise.all(items.map((p) => count(p, true)))]);
      const rows = items.map((p, i) =>
        h(
          'tr',
          { dataset: { code: p.code, kind: p.kind.code } },
          h('td', null, h('a', { href: programmeHash(p.code), text: p.name }), ' ', h('span', { class: 'unit-code', text: p.code }), p.active === false ? [' ', badge(t('common.inactive'), 'muted')] : null),
          h('td', null, p.kind.name, ' ', badge(p.kind.requirement, 'code')),
          h('td', { class: 'rule', text: ruleText(p.rule) }),
          h('td', { text: requirementText(p) }),
          h('td', { class: 'num targets', text: totals[i] === null ? '—' : String(totals[i]) }),
          h('td', { class: 'num completion' }, completionCell(totals[i], owing[i])),
          h('td', null, p.unit ? unitLink(p.unit) : h('span', { class: 'muted', text: t('edu.district_wide') })),
        ),
      );
      return [
        table([t('edu.col.programme'), t('edu.col.kind'), t('edu.col.rule'), t('edu.col.requirement'), t('edu.col.targets'), t('edu.col.completion'), t('edu.col.unit')], rows, t('edu.title')),
        h('p', { class: 'muted legend', text: DISTRICT.includes(ctx.role) ? t('edu.completion_hint') : t('edu.completion_hint_unit') }),
      ];
    });
  kindSel.addEventListener('change', () => {
    ctx.replaceHash('#/education' + (kindSel.value ? '?kind=' + encodeURIComponent(kindSel.value) : ''));
    load();
  });
  await load();
}

// "36 / 40" with the rate, for this period; — when unknown.
function completionCell(total, owing) {
  if (total === null || owing === null || total === undefined || owing === undefined) return h('span', { class: 'muted', text: '—' });
  if (!total) return h('span', { class: 'muted', text: '0' });
  const done = total - owing;
  return h('span', { title: t('edu.completion_title_cell', { owing }) }, h('span', { class: 'nowrap', text: done + ' / ' + total }), ' ', rateCell((100 * done) / total));
}

/* ---- #/education/programmes/{code} ---- */

export async function programmeView(main, ctx) {
  const code = ctx.params.code;
  const head = h('div', { class: 'page-head' }, crumbs(['#/education', t('edu.title')]), h('h1', { tabindex: '-1', text: code }));
  const flash = h('div', { id: 'programme-msg', 'aria-live': 'polite' });
  const body = h('div', { id: 'programme' });
  main.append(head, flash, body);
  takeFlash(flash);
  let p = null;
  await fill(body, async () => {
    p = await api.get('/api/v1/programmes/' + api.enc(code));
    head.querySelector('h1').textContent = p.name;
    head.append(h('p', { class: 'unit-meta' }, badge(p.code, 'code'), ' ', badge(p.kind.name, 'cat'), ' ', p.active === false ? badge(t('common.inactive'), 'muted') : null));
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'sec-prog' },
      h('h2', { id: 'sec-prog', text: t('edu.programme_details') }),
      dl([
        [t('edu.col.kind'), paren(p.kind.name, p.kind.requirement)],
        [t('edu.col.rule'), ruleText(p.rule)],
        [t('edu.col.requirement'), requirementText(p)],
        [t('edu.col.unit'), p.unit ? unitLink(p.unit) : t('edu.district_wide')],
        [t('edu.description'), p.description],
        [t('edu.pick_cycle'), p.pick_cycle ? t('edu.pick_cycle_value', { n: p.pick_cycle }) : null],
      ]),
    );
  });
  if (!p || !ctx.alive()) return;
  const owingBox = h('input', { type: 'checkbox', id: 'targets-owing', checked: ctx.query.get('owing') === '1' });
  const targets = h(
    'section',
    { class: 'card', id: 'targets', 'aria-labelledby': 'sec-targets' },
    h('h2', { id: 'sec-targets', text: t('edu.targets') }),
    h('p', { class: 'muted', text: t('edu.targets_intro') }),
    h('div', { class: 'field check' }, owingBox, h('label', { for: 'targets-owing', text: t('edu.targets_owing') })),
  );
  const targetBox = h('div');
  targets.append(targetBox);
  const sessions = h('section', { class: 'card', id: 'sessions', 'aria-labelledby': 'sec-sessions' }, h('h2', { id: 'sec-sessions', text: t('edu.sessions') }));
  const sessionBox = h('div');
  sessions.append(sessionBox);
  const draws = h('section', { class: 'card', id: 'draws', 'aria-labelledby': 'sec-draws' }, h('h2', { id: 'sec-draws', text: t('edu.draws') }), h('p', { class: 'muted', text: t('edu.draws_intro') }));
  const drawForm = h('div', { id: 'draw-form-box' });
  const drawBox = h('div');
  draws.append(drawForm, drawBox);
  main.append(h('div', { class: 'unit-layout' }, h('div', { class: 'unit-side' }, draws), h('div', { class: 'unit-mainpane' }, sessions, targets)));

  const loadDraws = () =>
    pagedList(drawBox, {
      id: 'draws-list',
      fetchPage: (after) => api.get('/api/v1/programmes/' + api.enc(code) + '/picks', { limit: 20, after }),
      empty: t('edu.draws_empty'),
      render: (items) => h('ol', { class: 'plain-list draw-list', reversed: false }, items.map(drawItem)),
    });
  if (ctx.role === 'office') {
    const count = input({ type: 'number', min: '1', max: '100', step: '1', value: '2', required: true, inputmode: 'numeric' });
    const seed = input({ inputmode: 'numeric', placeholder: t('edu.seed_ph') });
    const result = h('div', { id: 'draw-result', 'aria-live': 'polite' });
    const form = actionForm({
      id: 'draw-form',
      title: t('edu.draw_title'),
      fields: [
        { name: 'count', label: t('edu.draw_count'), control: count },
        { name: 'seed', label: t('edu.seed'), control: seed, hint: t('edu.seed_hint') },
      ],
      submit: t('edu.draw_submit'),
      onSubmit: async (v) => {
        const body = { count: Number(v.count) };
        if (v.seed) body.seed = v.seed;
        const d = await api.post('/api/v1/programmes/' + api.enc(code) + '/picks', body);
        clear(result).append(notice(t('edu.drawn', { n: (d.picks || []).length, seed: d.seed, eligible: d.eligible }), 'success'), h('ol', { class: 'plain-list draw-list' }, drawItem(d)));
        seed.value = '';
        loadDraws();
      },
    });
    drawForm.append(form, result);
  }
  const loadTargets = () =>
    pagedList(targetBox, {
      id: 'targets-list',
      fetchPage: (after) => api.get('/api/v1/programmes/' + api.enc(code) + '/targets', { limit: PAGE, after, owing: owingBox.checked ? 1 : undefined }),
      empty: owingBox.checked ? t('edu.targets_none_owing') : t('edu.targets_empty'),
      render: (items) =>
        table(
          [t('person.code'), t('people.name'), t('people.unit_col'), t('people.rank'), t('people.birth'), t('person.appointed'), t('edu.col.done'), t('edu.col.this_period')],
          items.map((x) =>
            h(
              'tr',
              { dataset: { person: x.code, completed: x.completed === undefined ? '' : x.completed ? '1' : '0' } },
              h('td', null, h('span', { class: 'unit-code', text: x.code })),
              h('td', null, h('a', { href: dossierHash(x.code), text: x.name })),
              h('td', null, unitLink(x.unit)),
              h('td', { text: x.rank || '' }),
              h('td', { class: 'nowrap', text: x.birth_date || '' }),
              h('td', { class: 'nowrap', text: x.appointed_on || '' }),
              h('td', { text: x.done_sessions === undefined ? '—' : doneText(x.done_sessions, x.done_hours) }),
              h('td', null, x.completed === undefined ? '—' : x.completed ? badge(t('edu.done'), 'ok') : badge(t('edu.not_done'), 'warn')),
            ),
          ),
          t('edu.targets'),
        ),
    });
  owingBox.addEventListener('change', () => {
    ctx.replaceHash(programmeHash(code) + (owingBox.checked ? '?owing=1' : ''));
    loadTargets();
  });
  await Promise.all([
    loadDraws(),
    loadTargets(),
    pagedList(sessionBox, {
      id: 'sessions-list',
      fetchPage: (after) => api.get('/api/v1/sessions', { programme: code, limit: PAGE, after }),
      empty: t('edu.sessions_empty'),
      render: (items) => sessionTable(items),
    }),
  ]);
}

function drawItem(d) {
  return h(
    'li',
    { class: 'draw', dataset: { id: String(d.id), seed: String(d.seed) } },
    h('p', null, h('strong', { text: d.drawn_on || '' }), ' ', h('span', { class: 'muted', text: t('edu.draw_meta', { n: d.requested, eligible: d.eligible }) }), ' ', h('span', { class: 'badge badge-code seed', title: t('edu.seed_hint'), text: t('edu.seed_value', { seed: d.seed }) })),
    h('p', { class: 'picks' }, (d.picks || []).map((x, i) => [i ? listSep() : null, personLink(x.person), x.cycle > 1 ? h('span', { class: 'muted', text: t('edu.cycle', { n: x.cycle }) }) : null])),
  );
}

function sessionTable(items) {
  return table(
    [t('edu.col.date'), t('edu.col.session'), t('edu.col.topic'), t('edu.col.place'), t('edu.col.hours'), t('edu.col.unit')],
    items.map((s) =>
      h(
        'tr',
        { dataset: { id: String(s.id) } },
        h('td', { class: 'nowrap', text: s.held_on }),
        h('td', null, h('a', { href: sessionHash(s.id), text: s.title || t('edu.session_n', { n: s.id }) })),
        h('td', { text: (s.topic && s.topic.name) || '' }),
        h('td', { text: s.place || '' }),
        h('td', { class: 'num', text: fmtNum(s.credit_hours) }),
        h('td', null, s.unit ? unitLink(s.unit) : t('edu.district_wide')),
      ),
    ),
    t('edu.sessions'),
  );
}

/* ---- #/education/sessions/{id} ---- */

export async function sessionView(main, ctx) {
  const id = ctx.params.id;
  const head = h('div', { class: 'page-head' }, crumbs(['#/education', t('edu.title')]), h('h1', { tabindex: '-1', text: t('edu.session_n', { n: id }) }));
  const flash = h('div', { id: 'session-msg', 'aria-live': 'polite' });
  const body = h('div', { id: 'session' });
  main.append(head, flash, body);
  takeFlash(flash);
  await fill(body, async () => {
    const s = await api.get('/api/v1/sessions/' + api.enc(id));
    const crumb = head.querySelector('.crumbs');
    crumb.append(' ', h('a', { href: programmeHash(s.programme.code), text: s.programme.name }));
    head.querySelector('h1').textContent = (s.title || t('edu.session_n', { n: s.id })) + ' · ' + s.held_on;
    const own = ownUnit(ctx);
    const canEnter = ctx.role === 'office' || (UNIT_WRITE.includes(ctx.role) && own && s.unit && s.unit.code === own);
    // Who should be there: the programme's targets as of the session's day, with those on record.
    let targets = [];
    if (canEnter) targets = await api.getAll('/api/v1/programmes/' + api.enc(s.programme.code) + '/targets', 'items', { as_of: s.held_on }).catch(() => []);
    const details = h(
      'section',
      { class: 'card', 'aria-labelledby': 'sec-session' },
      h('h2', { id: 'sec-session', text: t('edu.session_details') }),
      dl([
        [t('edu.col.date'), s.held_on],
        [t('edu.col.place'), s.place],
        [t('edu.col.topic'), s.topic && s.topic.name],
        [t('edu.col.programme'), h('a', { href: programmeHash(s.programme.code), text: s.programme.name })],
        [t('edu.col.hours'), fmtNum(s.credit_hours)],
        [t('edu.col.unit'), s.unit ? unitLink(s.unit) : t('edu.district_wide')],
        [t('edu.speakers'), (s.speakers || []).length ? h('span', { id: 'speakers' }, s.speakers.map((x, i) => [i ? listSep() : null, personLink(x)])) : null],
        [t('edu.materials'), (s.materials || []).length ? h('ul', { class: 'plain-list' }, s.materials.map((m) => h('li', { text: typeof m === 'string' ? m : m.title || m.name || m.path || JSON.stringify(m) }))) : null],
      ]),
    );
    return h('div', { class: 'unit-layout' }, h('div', { class: 'unit-side' }, details), h('div', { class: 'unit-mainpane' }, attendanceCard(s, targets, canEnter, ctx)));
  });
}

function attendanceCard(s, targets, canEnter, ctx) {
  const att = s.attendance || [];
  const byCode = new Map(att.map((a) => [a.person.code, a]));
  const rows = att.map((a) => ({ person: a.person, status: a.status, note: a.note || '' }));
  for (const p of targets) if (!byCode.has(p.code)) rows.push({ person: p, status: '', note: '' });
  rows.sort((a, b) => a.person.code.localeCompare(b.person.code));
  const counts = {};
  for (const a of att) counts[a.status] = (counts[a.status] || 0) + 1;
  const summary = h('p', { class: 'muted', id: 'attendance-summary', text: t('edu.att_summary', { n: att.length, present: counts.present || 0, late: counts.late || 0, excused: counts.excused || 0, absent: counts.absent || 0 }) });
  const card = h('section', { class: 'card', id: 'attendance', 'aria-labelledby': 'sec-att' }, h('h2', { id: 'sec-att', text: t('edu.attendance') }), summary);
  if (!canEnter) {
    card.append(
      att.length
        ? table(
            [t('person.code'), t('people.name'), t('people.unit_col'), t('edu.col.status'), t('edu.col.note')],
            att.map((a) => h('tr', { dataset: { person: a.person.code } }, h('td', null, h('span', { class: 'unit-code', text: a.person.code })), h('td', null, personLink(a.person)), h('td', null, unitLink(a.person.unit)), h('td', null, statusBadge(a.status)), h('td', { text: a.note || '' }))),
            t('edu.attendance'),
          )
        : h('p', { class: 'muted', text: t('edu.att_empty') }),
    );
    return card;
  }
  const controls = [];
  const body = rows.map((r) => {
    const sel = select([['', t('edu.status.none')], ...STATUSES.map((x) => [x, t('edu.status.' + x)])], { id: 'att-' + r.person.code, class: 'att-status', 'aria-label': t('edu.status_of', { name: r.person.name }) });
    sel.value = r.status;
    const note = input({ id: 'att-note-' + r.person.code, value: r.note, maxlength: '200', 'aria-label': t('edu.note_of', { name: r.person.name }) });
    controls.push({ r, sel, note });
    return h('tr', { dataset: { person: r.person.code, status: r.status } }, h('td', null, h('span', { class: 'unit-code', text: r.person.code })), h('td', null, personLink(r.person)), h('td', null, r.person.unit ? unitLink(r.person.unit) : '—'), h('td', null, sel), h('td', null, note));
  });
  const msg = h('div', { class: 'form-msg', id: 'attendance-msg', 'aria-live': 'polite' });
  const btn = h('button', { type: 'submit', class: 'btn btn-primary', id: 'attendance-save', text: t('edu.att_save') });
  // For a new session: everyone not yet recorded marked present, then the exceptions changed.
  const allPresent = h('button', {
    type: 'button',
    class: 'btn',
    id: 'attendance-all-present',
    text: t('edu.att_all_present'),
    on: {
      click: () => {
        let n = 0;
        for (const c of controls)
          if (!c.sel.value) {
            c.sel.value = 'present';
            n += 1;
          }
        clear(msg).append(notice(t('edu.att_marked', { n }), 'info'));
      },
    },
  });
  const form = h('form', { id: 'attendance-form', novalidate: true }, h('p', { class: 'muted', text: t('edu.att_intro') }), msg, table([t('person.code'), t('people.name'), t('people.unit_col'), t('edu.col.status'), t('edu.col.note')], body, t('edu.attendance')), h('div', { class: 'form-actions' }, btn, rows.some((r) => !r.status) ? allPresent : null));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(msg);
    const items = [];
    for (const c of controls) {
      c.sel.removeAttribute('aria-invalid');
      const changed = c.sel.value !== c.r.status || c.note.value.trim() !== c.r.note;
      if (!changed) continue;
      if (!c.sel.value) {
        msg.append(notice(t('edu.att_need_status', { name: c.r.person.name }), 'error'));
        c.sel.setAttribute('aria-invalid', 'true');
        c.sel.focus();
        return;
      }
      items.push({ person: c.r.person.code, status: c.sel.value, note: c.note.value.trim(), c });
    }
    if (!items.length) {
      msg.append(notice(t('edu.att_nothing'), 'info'));
      return;
    }
    btn.disabled = true;
    try {
      await api.request('PUT', '/api/v1/sessions/' + api.enc(s.id) + '/attendance', { body: { items: items.map(({ person, status, note }) => ({ person, status, note })) } });
      flashNext(t('edu.att_saved', { n: items.length }));
      ctx.navigate(location.hash);
    } catch (err) {
      const m = /^items\[(\d+)\]/.exec(err.field || '');
      const bad = m ? items[+m[1]] : null;
      msg.append(notice(errorText(err) + (bad ? ' ' + t('edu.att_row', { name: bad.c.r.person.name }) : ''), 'error'));
      if (bad) {
        bad.c.sel.setAttribute('aria-invalid', 'true');
        bad.c.sel.focus();
      }
      btn.disabled = false;
    }
  });
  card.append(rows.length ? form : h('p', { class: 'muted', text: t('edu.att_no_targets') }));
  return card;
}

/* ---- #/education/completion?year= ---- */

export async function completionView(main, ctx) {
  const year = yearOf(ctx);
  const body = h('div', { id: 'completion' });
  main.append(
    pageHeader(t('edu.completion_title', { year }), t('edu.completion_intro')),
    eduTabs(ctx, 'completion'),
    yearForm('completion-year', year, (y) => ctx.navigate('#/education/completion?year=' + y), downloadLinks('/api/v1/education/completion', { year }, 'education-completion-' + year)),
    body,
  );
  await fill(body, async () => {
    const d = await api.get('/api/v1/education/completion', { year });
    const units = d.units || [];
    const rows = units.map((u) =>
      h(
        'tr',
        { dataset: { unit: u.unit.code } },
        h('td', null, h('a', { href: unitEduHash(u.unit.code, year), text: u.unit.name }), ' ', h('span', { class: 'unit-code', text: u.unit.code })),
        h('td', { text: u.category || '' }),
        h('td', { class: 'num', text: String(u.people) }),
        h('td', { class: 'num', text: String(u.targets) }),
        h('td', { class: 'num', text: String(u.completed) }),
        h('td', { class: 'num rate' }, rateCell(u.rate)),
        h('td', { class: 'num', text: fmtNum(u.hours) }),
        h('td', { class: 'num', text: fmtNum(u.avg_hours, 2) }),
      ),
    );
    rows.push(h('tr', { class: 'total-row' }, h('th', { scope: 'row', text: t('edu.total') }), h('td'), h('td'), h('td', { class: 'num', text: String(d.targets) }), h('td', { class: 'num', text: String(d.completed) }), h('td', { class: 'num' }, rateCell(d.rate)), h('td'), h('td')));
    return [
      h('p', { class: 'muted', text: t('edu.as_of', { date: d.as_of }) }),
      table([t('edu.col.unit'), t('edu.col.category'), t('edu.col.people'), t('edu.col.obligations'), t('edu.col.completed'), t('edu.col.rate'), t('edu.col.hours'), t('edu.col.avg_hours')], rows, t('edu.completion_title', { year })),
      h('p', { class: 'muted legend', text: t('edu.completion_legend') }),
    ];
  });
}

function rateCell(rate) {
  if (rate === null || rate === undefined) return h('span', { class: 'muted', text: '—' });
  const kind = rate >= 90 ? 'ok' : rate >= 75 ? 'info' : rate >= 60 ? 'warn' : 'danger';
  return h('span', { class: 'badge badge-' + kind, text: fmtRate(rate) });
}

/* ---- #/education/units/{code}?year= ---- */

export async function unitEducationView(main, ctx) {
  const code = ctx.params.code;
  const year = yearOf(ctx);
  const head = h('div', { class: 'page-head' }, crumbs(['#/education', t('edu.title')], ...(DISTRICT.includes(ctx.role) ? [['#/education/completion?year=' + year, t('edu.tab.completion')]] : [])), h('h1', { tabindex: '-1', text: code }));
  const body = h('div', { id: 'unit-education' });
  main.append(head, eduTabs(ctx, ownUnit(ctx) === code ? 'unit' : ''), yearForm('unit-year', year, (y) => ctx.navigate(unitEduHash(code, y)), downloadLinks('/api/v1/units/' + api.enc(code) + '/education', { year }, 'education-' + code + '-' + year)), body);
  await fill(body, async () => {
    const d = await api.get('/api/v1/units/' + api.enc(code) + '/education', { year });
    head.querySelector('h1').textContent = t('edu.unit_title', { unit: d.unit.name, year: d.year });
    const people = d.people || [];
    return [
      dl([
        [t('edu.col.unit'), unitLink(d.unit)],
        [t('edu.col.people'), String(d.people_count)],
        [t('edu.col.obligations'), String(d.targets)],
        [t('edu.col.completed'), String(d.completed)],
        [t('edu.col.rate'), rateCell(d.rate)],
        [t('edu.col.hours'), fmtNum(d.hours)],
        [t('edu.as_of_label'), d.as_of],
      ]),
      people.length
        ? table(
            [t('people.name'), t('people.post'), t('people.rank'), t('edu.col.hours'), t('edu.col.obligations'), t('edu.col.completed'), t('edu.col.owed'), t('edu.col.rate')],
            people.map((p) =>
              h(
                'tr',
                { dataset: { person: p.code, owed: String(p.owed) }, class: p.owed ? 'is-owing' : null },
                h('td', null, h('a', { href: dossierHash(p.code, year), text: p.name }), ' ', h('span', { class: 'unit-code', text: p.code })),
                h('td', { text: p.post || '' }),
                h('td', { text: p.rank || '' }),
                h('td', { class: 'num', text: fmtNum(p.hours) }),
                h('td', { class: 'num', text: String(p.obligations) }),
                h('td', { class: 'num', text: String(p.completed) }),
                h('td', { class: 'num' }, p.owed ? badge(String(p.owed), 'warn') : '0'),
                h('td', { class: 'num' }, p.obligations ? rateCell(p.rate) : '—'),
              ),
            ),
            t('edu.unit_title', { unit: d.unit.name, year: d.year }),
          )
        : h('p', { class: 'muted', text: t('common.empty') }),
    ];
  });
}

/* ---- #/people/{code}/education?year= : the dossier ---- */

export async function dossierView(main, ctx) {
  const code = ctx.params.code;
  const year = yearOf(ctx);
  const head = h('div', { class: 'page-head' }, crumbs(['#/people', t('people.title')], ['#/people/' + encodeURIComponent(code), code]), h('h1', { tabindex: '-1', text: t('edu.dossier') }));
  const body = h('div', { id: 'dossier' });
  main.append(head, yearForm('dossier-year', year, (y) => ctx.navigate(dossierHash(code, y)), downloadLinks('/api/v1/people/' + api.enc(code) + '/dossier', { year }, 'dossier-' + code + '-' + year)), body);
  await fill(body, async () => {
    const d = await api.get('/api/v1/people/' + api.enc(code) + '/dossier', { year });
    const p = d.person;
    head.querySelector('.crumbs a:last-child').textContent = p.name;
    head.querySelector('h1').textContent = t('edu.dossier_of', { name: p.name, year });
    head.append(h('p', { class: 'unit-meta' }, badge(p.code, 'code'), ' ', p.unit ? unitLink(p.unit) : null, ' ', h('span', { class: 'muted', text: [p.post, p.rank].filter(Boolean).join(' · ') })));
    const a = d.attendance || {};
    const owed = d.owed || [];
    const sec = (id, title, content) => h('section', { class: 'card', id, 'aria-labelledby': id + '-h' }, h('h2', { id: id + '-h', text: title }), content);
    const summary = sec(
      'dossier-summary',
      t('edu.dossier_summary'),
      [
        h('p', { class: 'big-total' }, h('span', { class: 'big-number', id: 'dossier-hours', text: fmtNum(d.hours) }), ' ', h('span', { class: 'muted', text: t('edu.hours_unit') })),
        dl([
          [t('edu.period_label'), d.from + ' — ' + d.to],
          [t('edu.status.present'), String(a.present || 0)],
          [t('edu.status.late'), String(a.late || 0)],
          [t('edu.status.excused'), String(a.excused || 0)],
          [t('edu.status.absent'), String(a.absent || 0)],
          [t('edu.lectures_given'), String(d.lectures_given || 0)],
        ]),
      ],
    );
    const owedSec = sec(
      'dossier-owed',
      t('edu.owed'),
      owed.length
        ? [
            h('p', { class: 'muted', text: t('edu.owed_as_of', { date: d.owed_as_of }) }),
            table(
              [t('edu.col.programme'), t('edu.col.requirement'), t('edu.col.done'), t('edu.col.missing')],
              owed.map((o) => h('tr', { dataset: { programme: o.programme.code } }, h('td', null, h('a', { href: programmeHash(o.programme.code), text: o.programme.name })), h('td', { text: requirementText(o) }), h('td', { text: doneText(o.done_sessions, o.done_hours) }), h('td', null, badge(doneText(o.missing_sessions, o.missing_hours), 'warn')))),
              t('edu.owed'),
            ),
          ]
        : notice(t('edu.owed_none'), 'success'),
    );
    const sessions = sec(
      'dossier-sessions',
      paren(t('edu.sessions'), (d.sessions || []).length),
      (d.sessions || []).length
        ? table(
            [t('edu.col.date'), t('edu.col.programme'), t('edu.col.session'), t('edu.col.topic'), t('edu.col.hours'), t('edu.col.status')],
            d.sessions.map((s) => h('tr', { dataset: { session: String(s.session_id) } }, h('td', { class: 'nowrap', text: s.held_on }), h('td', null, h('a', { href: programmeHash(s.programme), text: s.programme_name })), h('td', null, h('a', { href: sessionHash(s.session_id), text: s.title || s.kind_name })), h('td', { text: s.topic || '' }), h('td', { class: 'num', text: fmtNum(s.hours) }), h('td', null, statusBadge(s.status)))),
            t('edu.sessions'),
          )
        : h('p', { class: 'muted', text: t('common.empty') }),
    );
    const simple = (id, title, items, headers, row) => sec(id, paren(title, items.length), items.length ? table(headers, items.map(row), title) : h('p', { class: 'muted', text: t('common.empty') }));
    return h(
      'div',
      { class: 'unit-layout' },
      h('div', { class: 'unit-side' }, summary, owedSec),
      h(
        'div',
        { class: 'unit-mainpane' },
        sessions,
        simple('dossier-lectures', t('edu.lectures'), d.lectures || [], [t('edu.col.date'), t('edu.col.programme'), t('edu.col.session')], (x) => h('tr', null, h('td', { class: 'nowrap', text: x.held_on }), h('td', { text: x.programme_name }), h('td', null, h('a', { href: sessionHash(x.session_id), text: x.title })))),
        simple('dossier-picks', t('edu.picks'), d.picks || [], [t('edu.col.date'), t('edu.col.programme'), t('edu.col.cycle')], (x) => h('tr', null, h('td', { class: 'nowrap', text: x.drawn_on }), h('td', null, h('a', { href: programmeHash(x.programme), text: x.programme_name })), h('td', { class: 'num', text: String(x.cycle) }))),
        simple('dossier-commitments', t('edu.commitments'), d.commitments || [], [t('edu.col.date'), t('edu.col.text')], (x) => h('tr', null, h('td', { class: 'nowrap', text: x.made_on }), h('td', { text: x.text }))),
        simple('dossier-reading', t('edu.reading'), d.reading || [], [t('edu.col.date'), t('edu.col.title'), t('edu.col.note')], (x) => h('tr', null, h('td', { class: 'nowrap', text: x.read_on }), h('td', { text: x.title }), h('td', { text: x.note || '' }))),
        simple('dossier-family', t('edu.family'), d.family || [], [t('edu.col.date'), t('edu.col.family_detail')], (x) => h('tr', null, h('td', { class: 'nowrap', text: x.held_on || x.done_on || x.date || '' }), h('td', { text: [x.member, x.relation, x.activity, x.kind, x.note, x.text].filter(Boolean).join(' · ') }))),
      ),
    );
  });
}

function doneText(sessions, hours) {
  const parts = [];
  if (sessions) parts.push(t('edu.n_sessions', { n: sessions }));
  if (hours) parts.push(t('edu.n_hours', { n: fmtNum(hours) }));
  return parts.join(t('edu.and')) || '0';
}

/* ---- #/appointments: the appointment gate (E2) ---- */

const APPT_STATES = ['pending', 'effective', 'overridden'];

function apptBadge(s) {
  const kind = { pending: 'warn', effective: 'ok', overridden: 'danger' }[s] || '';
  return h('span', { class: 'badge badge-state' + (kind ? ' badge-' + kind : ''), dataset: { state: s }, text: tr('appt.state.', s) });
}

export async function appointmentsView(main, ctx) {
  const state0 = APPT_STATES.includes(ctx.query.get('state')) ? ctx.query.get('state') : '';
  const stateSel = select([['', t('common.all')], ...APPT_STATES.map((s) => [s, t('appt.state.' + s)])], { id: 'appointments-state' });
  stateSel.value = state0;
  const flash = h('div', { id: 'appointments-msg', 'aria-live': 'polite' });
  const list = h('div', { id: 'appointments-list' });
  const overrides = h('div', { id: 'overrides-list' });
  main.append(
    pageHeader(t('appt.title'), t('appt.intro')),
    flash,
    h('form', { class: 'toolbar', on: { submit: (e) => e.preventDefault() } }, field(t('appt.state'), stateSel)),
    h('section', { class: 'card', 'aria-labelledby': 'sec-appts' }, h('h2', { id: 'sec-appts', text: t('appt.list') }), list),
    h('section', { class: 'card', 'aria-labelledby': 'sec-overrides' }, h('h2', { id: 'sec-overrides', text: t('appt.overrides') }), h('p', { class: 'muted', text: t('appt.overrides_intro') }), overrides),
  );
  takeFlash(flash);
  const office = ctx.role === 'office';
  const load = () =>
    pagedList(list, {
      id: 'appointments-page',
      fetchPage: async (after) => {
        const d = await api.get('/api/v1/appointments', { state: stateSel.value || undefined, limit: PAGE, after });
        // What the gate still misses, for each pending one.
        await Promise.all(
          api.listOf(d, 'items').map(async (a) => {
            if (a.state === 'pending') a.missing = (await api.get('/api/v1/appointments/' + a.id).catch(() => ({}))).missing;
          }),
        );
        return d;
      },
      empty: t('appt.empty'),
      render: (items) => {
        const rows = [];
        for (const a of items) {
          const panel = h('div', { class: 'appt-panel', id: 'appt-panel-' + a.id });
          rows.push(
            h(
              'tr',
              { dataset: { id: String(a.id), state: a.state } },
              h('td', null, personLink(a.person), h('div', { class: 'muted', text: [a.person.post, a.person.rank].filter(Boolean).join(' · ') })),
              h('td', null, a.person.unit ? unitLink(a.person.unit) : '—'),
              h('td', { text: [a.new_post, a.new_rank].filter(Boolean).join(' · ') }),
              h('td', { class: 'nowrap', text: a.decided_on }),
              h('td', null, apptBadge(a.state), a.effective_on ? h('div', { class: 'muted', text: t('appt.effective_on', { date: a.effective_on }) }) : null),
              h('td', { class: 'gate' }, gateCell(a)),
              h('td', null, office && a.state === 'pending' ? h('div', { class: 'row-actions' }, h('button', { type: 'button', class: 'btn btn-small btn-primary', id: 'appt-effect-' + a.id, text: t('appt.effect'), on: { click: () => effectPanel(panel, a, ctx) } })) : null),
            ),
            h('tr', { class: 'panel-row' }, h('td', { colspan: '7' }, panel)),
          );
        }
        return table([t('appt.col.person'), t('people.unit_col'), t('appt.col.new'), t('appt.col.decided'), t('appt.state'), t('appt.col.gate'), t('common.actions')], rows, t('appt.list'));
      },
    });
  stateSel.addEventListener('change', () => {
    ctx.replaceHash('#/appointments' + (stateSel.value ? '?state=' + stateSel.value : ''));
    load();
  });
  await Promise.all([
    load(),
    pagedList(overrides, {
      id: 'overrides-page',
      fetchPage: (after) => api.get('/api/v1/appointments/overrides', { limit: PAGE, after }),
      empty: t('appt.overrides_empty'),
      render: (items) =>
        table(
          [t('appt.col.person'), t('appt.col.new'), t('appt.col.effective'), t('appt.col.missing_then'), t('appt.col.reason'), t('appt.col.by')],
          items.map((a) => h('tr', { dataset: { id: String(a.id) } }, h('td', null, personLink(a.person)), h('td', { text: [a.new_post, a.new_rank].filter(Boolean).join(' · ') }), h('td', { class: 'nowrap', text: a.effective_on || '' }), h('td', null, a.missing_at_override ? badge(a.missing_at_override, 'warn') : '—'), h('td', { class: 'reason', text: a.override_reason || '' }), h('td', { text: a.override_by || '' }))),
          t('appt.overrides'),
        ),
    }),
  ]);
}

function gateCell(a) {
  if (a.state !== 'pending') return a.state === 'overridden' ? h('span', { class: 'muted', text: t('appt.gate_overridden', { missing: a.missing_at_override || '—' }) }) : badge(t('appt.gate_passed'), 'ok');
  if (!Array.isArray(a.missing)) return h('span', { class: 'muted', text: '—' });
  if (!a.missing.length) return badge(t('appt.gate_ready'), 'ok');
  return h('span', null, badge(t('appt.gate_missing'), 'danger'), ' ', a.missing.map((m) => m.name || m.kind).join(listSep()));
}

// 使生效: try the gate; a refusal names what is missing and offers the override with a reason.
function effectPanel(panel, a, ctx) {
  const date = input({ type: 'date', value: today() });
  const form = actionForm({
    id: 'effect-' + a.id,
    title: t('appt.effect_title', { name: a.person.name, post: a.new_post }),
    intro: t('appt.effect_intro'),
    fields: [{ name: 'effective_on', label: t('appt.effective_date'), control: date }],
    submit: t('appt.effect'),
    onCancel: () => clear(panel),
    onSubmit: async (v) => {
      try {
        await api.post('/api/v1/appointments/' + a.id + '/effect', v.effective_on ? { effective_on: v.effective_on } : {});
      } catch (err) {
        if (err.status === 409 && err.field === 'gate') {
          clear(panel).append(notice(t('appt.refused', { detail: errorDetail(err) }), 'error'), overrideForm(panel, a, ctx, v.effective_on));
          panel.querySelector('textarea').focus();
          return;
        }
        throw err;
      }
      flashNext(t('appt.effected', { name: a.person.name }));
      ctx.navigate(location.hash);
    },
  });
  clear(panel).append(form);
  form.querySelector('button[type=submit]').focus();
}

function overrideForm(panel, a, ctx, date) {
  const reason = h('textarea', { rows: '3', required: true, maxlength: '1000' });
  const eff = input({ type: 'date', value: date || today() });
  return actionForm({
    id: 'override-' + a.id,
    title: t('appt.override_title'),
    intro: t('appt.override_intro'),
    fields: [
      { name: 'reason', label: t('appt.reason'), control: reason, hint: t('appt.reason_hint') },
      { name: 'effective_on', label: t('appt.effective_date'), control: eff },
    ],
    submit: t('appt.override'),
    onCancel: () => clear(panel),
    onSubmit: async (v) => {
      const body = { reason: v.reason };
      if (v.effective_on) body.effective_on = v.effective_on;
      await api.post('/api/v1/appointments/' + a.id + '/override', body);
      flashNext(t('appt.overridden', { name: a.person.name }));
      ctx.navigate(location.hash);
    },
  });
}

