// views-supervise.js: the supervision pages (投诉督办 and 问责): the case list with its
// filters, one case with its routing, deadlines, evidence, duplicates, timeline, the
// workflow actions the session's role may take in the case's state, and (for the inspector
// and the office) its finding; the overdue list and the per-unit figures; sanctions with
// the decide and revoke forms; the catalogue of measures and the veto registry; and the
// exposure board. The server decides every right; these pages only offer what it allows.

import { t, has } from './i18n.js';
import * as api from './api.js';
import { h, clear, field, checkbox, notice, fill, errorText, errorDetail, badge, pageHeader, timeCell, dl, unitLink, personLink, today } from './ui.js';

const STAFF = ['office', 'inspector'];
const UNIT = ['unit_leader', 'unit_staff'];
const STATES = ['received', 'assigned', 'signed', 'handling', 'replied', 'followed_up', 'closed'];
const CHANNELS = ['hotline', 'mailbox', 'website', 'letter_visit', 'media', 'supervisor', 'inspection', 'referral'];
const FINDINGS = ['substantiated', 'partly', 'unsubstantiated'];
const PAGE = 50;

// A message shown once on the next drawing of a page (after an action redraws it).
let pending = null;

function caseHash(no) {
  return '#/cases/' + encodeURIComponent(no);
}
function casePath(no) {
  return '/api/v1/cases/' + api.enc(no);
}
function tr(prefix, code, fallback) {
  return code && has(prefix + code) ? t(prefix + code) : fallback || code || '';
}
function caseLink(no) {
  return no ? h('a', { href: caseHash(no), class: 'nowrap', text: no }) : '—';
}

export function stateBadge(state) {
  const kind = { received: 'warn', assigned: 'info', signed: 'info', handling: 'info', replied: 'cat', followed_up: 'ok', closed: 'muted' }[state] || '';
  return h('span', { class: 'badge badge-state' + (kind ? ' badge-' + kind : ''), dataset: { state: state || '' }, text: tr('sup.state.', state) });
}
function overdueBadge() {
  return badge(t('sup.overdue'), 'danger');
}
function rate(v) {
  return v === null || v === undefined ? '—' : (100 * v).toFixed(1) + '%';
}
function dateText(d) {
  return d || '—';
}

function flashBox(id) {
  const box = h('div', { id, 'aria-live': 'polite' });
  if (pending) {
    box.append(notice(pending, 'success'));
    pending = null;
  }
  return box;
}

function subNav(ctx, current) {
  const links = [['cases', '#/cases', 'sup.nav.list']];
  if (STAFF.includes(ctx.role) || UNIT.includes(ctx.role)) links.push(['overdue', '#/cases/overdue', 'sup.nav.overdue'], ['stats', '#/cases/stats', 'sup.nav.stats']);
  return h(
    'p',
    { class: 'sup-subnav' },
    links.map(([name, href, key], i) => [i ? ' · ' : null, name === current ? h('strong', { 'aria-current': 'page', text: t(key) }) : h('a', { href, text: t(key) })]),
  );
}

/* ---- a form with labelled fields, the API's error named beside it ---- */

// spec: {id, title, intro, fields:[{name, label, kind: text|textarea|date|number|select|check,
// required, value, options:[[value,label]], hint}], submit, onSubmit(values) -> message}.
// The field the API names is marked invalid and named in the message.
export function inlineForm(box, spec) {
  const msg = h('div', { class: 'form-msg', id: spec.id + '-msg', 'aria-live': 'polite' });
  const controls = {};
  const rows = [];
  for (const f of spec.fields || []) {
    const id = spec.id + '-f-' + f.name; // never the form's own -title, -msg or -submit
    let c;
    if (f.kind === 'textarea') c = h('textarea', { id, name: f.name, rows: f.rows || '3', required: f.required, maxlength: f.max || '5000', value: f.value || '' });
    else if (f.kind === 'select') c = h('select', { id, name: f.name, required: f.required }, (f.options || []).map(([v, l]) => h('option', { value: v, text: l, selected: String(v) === String(f.value ?? '') })));
    else if (f.kind === 'check') {
      const row = checkbox(f.label, { id, name: f.name, checked: !!f.value });
      controls[f.name] = row.querySelector('input');
      controls[f.name].dataset.label = f.label;
      rows.push(row);
      continue;
    } else c = h('input', { id, name: f.name, type: f.kind === 'date' ? 'date' : f.kind === 'number' ? 'number' : 'text', required: f.required, value: f.value ?? '', step: f.step, min: f.min, max: f.maxv, autocomplete: 'off' });
    c.dataset.label = f.label;
    controls[f.name] = c;
    rows.push(field(f.label + (f.required ? ' *' : ''), c, f.hint));
  }
  const btn = h('button', { type: 'submit', class: 'btn btn-primary', id: spec.id + '-submit', text: spec.submit });
  const form = h(
    'form',
    { class: 'card inline-form action-panel', id: spec.id, novalidate: true, 'aria-labelledby': spec.id + '-title' },
    h('h2', { id: spec.id + '-title', text: spec.title }),
    spec.intro ? (spec.intro instanceof Node ? spec.intro : h('p', { text: spec.intro })) : null,
    msg,
    h('div', { class: 'form-grid' }, rows),
    h('div', { class: 'form-actions' }, btn, spec.noCancel ? null : h('button', { type: 'button', class: 'btn', text: t('common.cancel'), on: { click: () => clear(box) } })),
  );
  const mark = (name) => {
    for (const c of Object.values(controls)) c.removeAttribute('aria-invalid');
    const c = controls[name];
    if (c) {
      c.setAttribute('aria-invalid', 'true');
      c.focus();
    }
    return c;
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(msg);
    const values = {};
    for (const [k, c] of Object.entries(controls)) values[k] = c.type === 'checkbox' ? c.checked : c.value.trim();
    for (const f of spec.fields || []) {
      if (f.required && f.kind !== 'check' && !values[f.name]) {
        mark(f.name);
        msg.append(notice(t('sup.required', { field: f.label }), 'error'));
        return;
      }
    }
    btn.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const done = await spec.onSubmit(values);
      if (done) {
        clear(msg).append(notice(done, 'success'));
        btn.disabled = false;
      }
    } catch (err) {
      const c = err.field ? mark(err.field) : null;
      const text = errorText(err);
      msg.append(notice(c ? t('sup.field_error', { field: c.dataset.label, text }) : text, 'error'));
      btn.disabled = false;
    } finally {
      form.removeAttribute('aria-busy');
    }
  });
  clear(box).append(form);
  const first = Object.values(controls)[0];
  (first || btn).focus();
  return { form, controls, msg };
}

// A small data table with a caption and optional row attributes.
function dataTable(id, headers, rows, caption) {
  const tbl = h('table', { class: 'data', id });
  if (caption) tbl.append(h('caption', { class: 'visually-hidden', text: caption }));
  tbl.append(h('thead', null, h('tr', null, headers.map((x) => (Array.isArray(x) ? h('th', { scope: 'col', class: x[1], text: x[0] }) : h('th', { scope: 'col', text: x }))))));
  tbl.append(h('tbody', null, rows));
  return h('div', { class: 'table-wrap' }, tbl);
}

let unitCache = null;
async function loadUnits() {
  // the unit selects still work (empty) when the list fails; a failure is not kept
  if (!unitCache)
    unitCache = api.getAll('/api/v1/units', 'units').catch(() => {
      unitCache = null;
      return [];
    });
  return unitCache;
}
function unitSelect(id, units, value, allLabel) {
  return h('select', { id, name: 'unit' }, h('option', { value: '', text: allLabel || t('common.all') }), units.filter((u) => u.active !== false).map((u) => h('option', { value: u.code, text: u.code + ' ' + u.name, selected: u.code === value })));
}

/* ---- #/cases ---- */

export async function casesView(main, ctx) {
  const staff = STAFF.includes(ctx.role);
  const q = ctx.query;
  main.append(pageHeader(t('sup.cases.title'), t('sup.cases.intro'), subNav(ctx, 'cases')), flashBox('cases-msg'));
  const units = staff ? await loadUnits() : [];
  const state = h('select', { id: 'case-f-state', name: 'state' }, h('option', { value: '', text: t('common.all') }), STATES.map((s) => h('option', { value: s, text: t('sup.state.' + s), selected: q.get('state') === s })));
  const channel = h('select', { id: 'case-f-channel', name: 'channel' }, h('option', { value: '', text: t('common.all') }), CHANNELS.map((c) => h('option', { value: c, text: t('sup.channel.' + c), selected: q.get('channel') === c })));
  const unit = staff ? unitSelect('case-f-unit', units, q.get('unit') || '') : null;
  const from = h('input', { id: 'case-f-from', type: 'date', name: 'from', value: q.get('from') || '' });
  const to = h('input', { id: 'case-f-to', type: 'date', name: 'to', value: q.get('to') || '' });
  const overdue = checkbox(t('sup.f.overdue_only'), { id: 'case-f-overdue', name: 'overdue', checked: q.get('overdue') === '1' });
  const params = () => ({ state: state.value, unit: unit ? unit.value : '', channel: channel.value, from: from.value, to: to.value, overdue: overdue.querySelector('input').checked ? '1' : '' });
  const exportLinks = staff ? h('span', { class: 'toolbar-buttons', id: 'case-export' }) : null;
  const form = h(
    'form',
    { class: 'toolbar', role: 'search', id: 'case-filters', 'aria-label': t('sup.f.label') },
    field(t('sup.f.state'), state),
    unit ? field(t('sup.f.unit'), unit) : null,
    field(t('sup.f.channel'), channel),
    field(t('sup.f.from'), from),
    field(t('sup.f.to'), to),
    overdue,
    h('div', { class: 'toolbar-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('common.search') }), h('a', { class: 'btn', href: '#/cases', text: t('common.reset') })),
    exportLinks,
  );
  const list = h('div', { id: 'cases-list' });
  const panel = h('div', { id: 'intake-panel' });
  if (staff || ctx.role === 'supervisor') {
    const b = h('button', { type: 'button', class: 'btn btn-primary', id: 'case-new', text: t('sup.in.title') });
    b.addEventListener('click', () => intakeForm(panel, ctx));
    main.append(h('div', { class: 'round-actions', id: 'intake-actions' }, b), panel);
  }
  main.append(form, list);
  const drawExport = (p) => {
    if (!exportLinks) return;
    const qs = new URLSearchParams(Object.entries(p).filter(([k, v]) => v && k !== 'overdue'));
    qs.set('format', 'csv');
    const csv = '/api/v1/cases/export?' + qs;
    qs.set('format', 'xlsx');
    clear(exportLinks).append(h('a', { class: 'btn', href: csv, download: 'cases.csv', text: t('sup.export_csv') }), ' ', h('a', { class: 'btn', href: '/api/v1/cases/export?' + qs, download: 'cases.xlsx', text: t('sup.export_xlsx') }));
  };
  const load = async () => {
    const p = params();
    const qs = new URLSearchParams(Object.entries(p).filter(([, v]) => v)).toString();
    ctx.replaceHash('#/cases' + (qs ? '?' + qs : ''));
    drawExport(p);
    await fill(list, async () => {
      const data = await api.get('/api/v1/cases', { ...p, limit: PAGE });
      const items = api.listOf(data, 'items');
      if (!items.length) return notice(t('sup.cases.empty'), 'info');
      const body = h('tbody', null, items.map(caseRow));
      const tbl = h(
        'table',
        { class: 'data', id: 'cases-table' },
        h('caption', { class: 'visually-hidden', text: t('sup.cases.title') }),
        h('thead', null, h('tr', null, [t('sup.col.case_no'), t('sup.col.subject'), t('sup.col.unit'), t('sup.col.handling'), t('sup.col.channel'), t('sup.col.received'), t('sup.col.due'), t('sup.col.state')].map((x) => h('th', { scope: 'col', text: x })))),
        body,
      );
      const more = h('div', { class: 'pager' });
      const count = h('p', { class: 'muted', id: 'cases-count', role: 'status', text: t('sup.cases.shown', { n: items.length }) });
      let next = data.next_after;
      const drawMore = () => {
        clear(more);
        if (next === null || next === undefined) return;
        const b = h('button', { type: 'button', class: 'btn', id: 'cases-more', text: t('sup.more') });
        b.addEventListener('click', async () => {
          b.disabled = true;
          try {
            const d2 = await api.get('/api/v1/cases', { ...p, limit: PAGE, after: next });
            const more2 = api.listOf(d2, 'items');
            body.append(...more2.map(caseRow));
            next = d2.next_after;
            count.textContent = t('sup.cases.shown', { n: body.children.length });
            drawMore();
          } catch (err) {
            more.append(notice(errorText(err), 'error'));
            b.disabled = false;
          }
        });
        more.append(b);
      };
      drawMore();
      return [count, h('div', { class: 'table-wrap' }, tbl), more];
    });
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  await load();
}

let formCache = null;
// The units and categories a complaint may name (the public form's lists).
async function loadIntakeLists() {
  if (!formCache) formCache = api.get('/api/v1/public/complaint-form').catch((e) => {
    formCache = null;
    throw e;
  });
  return formCache;
}

async function intakeForm(panel, ctx) {
  clear(panel).append(h('p', { class: 'loading', role: 'status', text: t('app.loading') }));
  let lists;
  try {
    lists = await loadIntakeLists();
  } catch (err) {
    clear(panel).append(notice(errorText(err), 'error'));
    return;
  }
  const supervisor = ctx.role === 'supervisor';
  const fields = [];
  if (!supervisor) fields.push({ name: 'channel', label: t('sup.col.channel'), kind: 'select', required: true, value: '', options: [['', t('sup.a.choose')], ...CHANNELS.map((c) => [c, t('sup.channel.' + c)])] });
  fields.push(
    { name: 'unit', label: t('sup.col.unit'), kind: 'select', required: true, value: supervisor ? (ctx.session.user && ctx.session.user.unit) || '' : '', options: [['', t('sup.a.choose')], ...(lists.units || []).map((u) => [u.code, u.code + ' ' + u.name])] },
    { name: 'category', label: t('sup.case.category'), kind: 'select', value: 'other', options: (lists.categories || []).map((c) => [c.code, c.name]) },
    { name: 'person', label: t('sup.in.person'), hint: t('sup.in.person_hint') },
    { name: 'subject', label: t('sup.col.subject'), required: true, max: '200' },
    { name: 'content', label: t('sup.case.content'), kind: 'textarea', required: true, rows: '5' },
    { name: 'name', label: t('sup.in.name'), hint: t('sup.in.anonymous_hint') },
    { name: 'phone', label: t('sup.in.phone'), hint: t('sup.in.phone_hint') },
    { name: 'id_no', label: t('sup.case.c_id') },
  );
  if (!supervisor) fields.push({ name: 'external_ref', label: t('sup.case.external_ref'), hint: t('sup.in.ref_hint') }, { name: 'received_on', label: t('sup.col.received'), kind: 'date', value: today() });
  inlineForm(panel, {
    id: 'intake-form',
    title: t('sup.in.title'),
    intro: t('sup.in.intro'),
    fields,
    submit: t('sup.in.submit'),
    onSubmit: async (v) => {
      const body = {};
      for (const [k, x] of Object.entries(v)) if (x) body[k] = x;
      const r = await api.post('/api/v1/cases', body);
      pending = t('sup.in.done', { no: r.case_no, code: r.query_code || '' });
      ctx.navigate(caseHash(r.case_no));
    },
  });
}

function caseRow(c) {
  return h(
    'tr',
    { dataset: { case: c.case_no, state: c.state }, class: c.overdue ? 'is-overdue' : null },
    h('td', null, caseLink(c.case_no)),
    h('td', null, c.subject, c.escalated ? [' ', badge(t('sup.escalated'), 'danger')] : null, c.duplicate_of ? [' ', badge(t('sup.duplicate'), 'muted')] : null),
    h('td', null, c.unit ? c.unit.name : '—'),
    h('td', null, c.handling_unit ? c.handling_unit.name : '—', c.handling_leader ? h('div', { class: 'muted', text: c.handling_leader.name }) : null),
    h('td', { class: 'nowrap', text: tr('sup.channel.', c.channel, c.channel_zh) }),
    h('td', { class: 'nowrap', text: c.received_on || '' }),
    h('td', { class: 'nowrap' }, c.state === 'assigned' && c.sign_due ? [t('sup.sign_by'), c.sign_due] : dateText(c.due), c.overdue ? [' ', overdueBadge()] : null),
    h('td', null, stateBadge(c.state)),
  );
}

/* ---- #/cases/overdue ---- */

export async function overdueView(main, ctx) {
  main.append(pageHeader(t('sup.overdue.title'), t('sup.overdue.intro'), subNav(ctx, 'overdue')), flashBox('overdue-msg'));
  const tools = h('div', { class: 'round-actions', id: 'overdue-actions' });
  const list = h('div', { id: 'overdue-list' });
  main.append(tools, list);
  const load = () =>
    fill(list, async () => {
      const items = api.listOf(await api.get('/api/v1/cases/overdue'), 'items');
      if (!items.length) return notice(t('sup.overdue.empty'), 'info');
      const rows = items.map((r) =>
        h(
          'tr',
          { dataset: { case: r.case_no, stage: r.stage, action: r.action } },
          h('td', null, caseLink(r.case_no)),
          h('td', null, r.handling_unit ? unitLink(r.handling_unit) : '—'),
          h('td', { text: tr('sup.stage.', r.stage) }),
          h('td', { class: 'nowrap', text: r.due || '' }),
          h('td', { class: 'num', text: String(r.working_days_overdue ?? '') }),
          h('td', null, badge(tr('sup.sweep.', r.action), r.action === 'escalate' || r.action === 'escalated' ? 'danger' : 'warn')),
          h('td', null, r.leader ? personLink(r.leader) : '—'),
        ),
      );
      return [h('p', { class: 'muted', text: t('common.count', { n: items.length }) }), dataTable('overdue-table', [t('sup.col.case_no'), t('sup.col.handling'), t('sup.col.stage'), t('sup.col.due'), [t('sup.col.days_over'), 'num'], t('sup.col.sweep'), t('sup.col.escalated_to')], rows, t('sup.overdue.title'))];
    });
  if (ctx.role === 'office') {
    const msg = h('div', { 'aria-live': 'polite', id: 'notify-msg' });
    const b = h('button', { type: 'button', class: 'btn btn-primary', id: 'overdue-notify', text: t('sup.overdue.notify') });
    b.addEventListener('click', async () => {
      b.disabled = true;
      clear(msg);
      try {
        const res = api.listOf(await api.post('/api/v1/cases/overdue/notify'), 'items');
        const fresh = res.filter((r) => r.action === 'remind' || r.action === 'escalate').length;
        msg.append(notice(t('sup.overdue.notified', { n: fresh }), 'success'));
        await load();
      } catch (err) {
        msg.append(notice(errorText(err), 'error'));
      } finally {
        b.disabled = false;
      }
    });
    tools.append(b, h('p', { class: 'hint', text: t('sup.overdue.notify_hint') }), msg);
  }
  await load();
}

/* ---- #/cases/stats ---- */

export async function statsView(main, ctx) {
  const staff = STAFF.includes(ctx.role) || ctx.role === 'viewer';
  const q = ctx.query;
  main.append(pageHeader(t('sup.stats.title'), t('sup.stats.intro'), STAFF.includes(ctx.role) || UNIT.includes(ctx.role) ? subNav(ctx, 'stats') : null));
  const units = staff ? await loadUnits() : [];
  const year = today().slice(0, 4);
  const from = h('input', { id: 'stats-from', type: 'date', value: q.get('from') || year + '-01-01' });
  const to = h('input', { id: 'stats-to', type: 'date', value: q.get('to') || today() });
  const unit = staff ? unitSelect('stats-unit', units, q.get('unit') || '') : null;
  const form = h('form', { class: 'toolbar', id: 'stats-form', role: 'search', 'aria-label': t('sup.stats.period') }, field(t('sup.f.from'), from), field(t('sup.f.to'), to), unit ? field(t('sup.f.unit'), unit) : null, h('div', { class: 'toolbar-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('sup.stats.show') })));
  const list = h('div', { id: 'stats-list' });
  main.append(form, list);
  const load = () => {
    const p = { from: from.value, to: to.value, unit: unit ? unit.value : '' };
    ctx.replaceHash('#/cases/stats?' + new URLSearchParams(Object.entries(p).filter(([, v]) => v)));
    return fill(list, async () => {
      const data = await api.get('/api/v1/cases/stats', p);
      const rows = api.listOf(data, 'units');
      if (!rows.length) return notice(t('sup.stats.empty'), 'info');
      const sum = (k) => rows.reduce((a, r) => a + (r[k] || 0), 0);
      const ratio = (a, b) => (b ? a / b : null);
      const trs = rows.map((r) =>
        h(
          'tr',
          { dataset: { unit: r.unit } },
          h('td', null, unitLink({ code: r.unit, name: r.name })),
          h('td', { class: 'num', text: String(r.cases) }),
          h('td', { class: 'num', title: r.signed_on_time + '/' + r.sign_due_count, text: rate(r.sign_ontime_rate) }),
          h('td', { class: 'num', title: r.done_on_time + '/' + r.done_due_count, text: rate(r.done_ontime_rate) }),
          h('td', { class: 'num', title: r.satisfied + '/' + r.followed_up, text: rate(r.satisfaction_rate) }),
          h('td', { class: 'num', title: r.reopened + '/' + r.replied, text: rate(r.reopen_rate) }),
        ),
      );
      if (rows.length > 1)
        trs.push(
          h(
            'tr',
            { class: 'total-row' },
            h('th', { scope: 'row', text: t('sup.stats.all') }),
            h('td', { class: 'num', text: String(sum('cases')) }),
            h('td', { class: 'num', text: rate(ratio(sum('signed_on_time'), sum('sign_due_count'))) }),
            h('td', { class: 'num', text: rate(ratio(sum('done_on_time'), sum('done_due_count'))) }),
            h('td', { class: 'num', text: rate(ratio(sum('satisfied'), sum('followed_up'))) }),
            h('td', { class: 'num', text: rate(ratio(sum('reopened'), sum('replied'))) }),
          ),
        );
      return [
        dataTable('stats-table', [t('sup.col.unit'), [t('sup.stats.cases'), 'num'], [t('sup.stats.sign'), 'num'], [t('sup.stats.done'), 'num'], [t('sup.stats.satisfaction'), 'num'], [t('sup.stats.reopen'), 'num']], trs, t('sup.stats.title')),
        h('p', { class: 'muted legend', text: t('sup.stats.legend') }),
      ];
    });
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  await load();
}

/* ---- #/cases/{case_no} ---- */

// Which actions the session's role may take on case c (the server checks again).
function caseActions(c, ctx) {
  const out = [];
  const s = c.state;
  const office = ctx.role === 'office';
  const handler = UNIT.includes(ctx.role) && c.handling_unit && c.handling_unit.code === (ctx.session.user && ctx.session.user.unit);
  if (office && s === 'received') out.push('assign', 'close_reject');
  if (handler && s === 'assigned') out.push('sign');
  if (handler && s === 'signed') out.push('handle');
  if (handler && s === 'handling') out.push('reply');
  if (handler && ['signed', 'handling'].includes(s) && !c.extension) out.push('extend');
  if (handler && ['assigned', 'signed', 'handling'].includes(s)) out.push('return');
  if (office && c.extension && ['assigned', 'signed', 'handling'].includes(s)) out.push('extension');
  if (STAFF.includes(ctx.role) && s === 'replied') out.push('follow_up');
  if (office && s === 'followed_up') out.push('close');
  return out;
}

export async function caseView(main, ctx) {
  const no = ctx.params.case_no;
  const head = h('div', { class: 'page-head' }, h('p', { class: 'crumbs' }, h('a', { href: '#/cases', text: t('sup.cases.title') })), h('h1', { tabindex: '-1', text: no }));
  const flash = flashBox('case-msg');
  const actions = h('div', { class: 'round-actions', id: 'case-actions', role: 'group', 'aria-label': t('common.actions') });
  const panel = h('div', { id: 'case-panel' });
  const body = h('div', { id: 'case-body' });
  main.append(head, flash, actions, panel, body);
  let c = null;
  await fill(body, async () => {
    const [data, tl] = await Promise.all([api.get(casePath(no)), api.get(casePath(no) + '/timeline')]);
    c = data;
    head.querySelector('h1').textContent = c.subject || no;
    head.append(h('p', { class: 'unit-meta' }, badge(c.case_no, 'code'), ' ', stateBadge(c.state), c.overdue ? [' ', overdueBadge()] : null, c.escalated ? [' ', badge(t('sup.escalated'), 'danger')] : null, c.anonymous ? [' ', badge(t('sup.anonymous'), 'muted')] : null));
    return renderCase(c, api.listOf(tl, 'events'), ctx);
  });
  if (!c || !ctx.alive()) return;
  drawCaseActions(actions, panel, c, ctx);
  if (STAFF.includes(ctx.role)) {
    const sec = h('section', { class: 'card', id: 'finding', 'aria-labelledby': 'sec-finding' });
    main.append(sec);
    await drawFinding(sec, c, ctx);
  }
}

function renderCase(c, events, ctx) {
  const out = [];
  out.push(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'sec-case' },
      h('h2', { id: 'sec-case', text: t('sup.case.details') }),
      dl([
        [t('sup.col.case_no'), c.case_no],
        [t('sup.col.channel'), tr('sup.channel.', c.channel, c.channel_zh)],
        [t('sup.case.category'), c.category ? c.category.name : ''],
        [t('sup.col.unit'), c.unit ? unitLink(c.unit) : ''],
        [t('sup.case.person'), c.person ? personLink(c.person) : ''],
        [t('sup.case.external_ref'), c.external_ref],
        [t('sup.col.received'), c.received_on],
      ]),
      h('h3', { text: t('sup.case.content') }),
      h('p', { class: 'case-content', id: 'case-content', text: c.content || '' }),
    ),
  );
  if (c.extension && ['assigned', 'signed', 'handling'].includes(c.state)) out.unshift(h('div', { class: 'alert alert-warn', id: 'extension-pending', role: 'status', text: t('sup.case.extension_pending', { days: c.extension.days, reason: c.extension.reason, by: c.extension.requested_by, on: c.extension.requested_on }) }));
  const proposed = c.proposed || {};
  out.push(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'sec-routing' },
      h('h2', { id: 'sec-routing', text: t('sup.case.routing') }),
      dl([
        [t('sup.col.handling'), c.handling_unit ? unitLink(c.handling_unit) : t('sup.case.not_assigned')],
        [t('sup.case.leader'), c.handling_leader ? personLink(c.handling_leader) : ''],
        [t('sup.case.proposed'), [proposed.unit ? proposed.unit.name : '—', proposed.leader ? ' · ' + proposed.leader.name : '']],
        [t('sup.case.assigned_on'), c.assigned_on],
        [t('sup.case.sign_due'), c.sign_due ? h('span', null, c.sign_due, c.state === 'assigned' && c.overdue ? [' ', overdueBadge()] : null) : ''],
        [t('sup.case.signed_on'), c.signed_on],
        [t('sup.col.due'), c.due ? h('span', { id: 'case-due' }, c.due, c.state !== 'assigned' && c.overdue ? [' ', overdueBadge()] : null) : ''],
        [t('sup.case.replied_on'), c.replied_on],
        [t('sup.case.closed_on'), c.closed_on],
        [t('sup.case.reopens'), String(c.reopen_count || 0)],
        [t('sup.case.escalated_to'), c.escalated ? h('span', null, c.escalated_to ? personLink(c.escalated_to) : t('sup.case.no_leader'), c.escalated_on ? ' · ' + c.escalated_on : '') : ''],
      ]),
    ),
  );
  if (c.reply || c.satisfied !== null)
    out.push(
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sec-reply' },
        h('h2', { id: 'sec-reply', text: t('sup.case.reply') }),
        h('p', { id: 'case-reply', text: c.reply || t('sup.case.no_reply') }),
        c.satisfied === null || c.satisfied === undefined ? null : dl([[t('sup.case.satisfied'), c.satisfied ? t('sup.satisfied.yes') : t('sup.satisfied.no')]]),
      ),
    );
  // The complainant: only what the server returns (the inspector); never asked for otherwise.
  if (Object.prototype.hasOwnProperty.call(c, 'complainant')) {
    const p = c.complainant;
    out.push(
      h(
        'section',
        { class: 'card sealed', id: 'complainant', 'aria-labelledby': 'sec-complainant' },
        h('h2', { id: 'sec-complainant', text: t('sup.case.complainant') }),
        h('p', { class: 'hint', text: t('sup.case.complainant_hint') }),
        !p ? h('p', { text: t('sup.anonymous') }) : p.error ? notice(t('sup.case.seal_error', { why: p.error }), 'error') : dl([[t('sup.case.c_name'), p.name], [t('sup.case.c_phone'), p.phone], [t('sup.case.c_id'), p.id_no]]),
      ),
    );
  }
  out.push(attachmentsCard(c, ctx));
  out.push(duplicatesCard(c, ctx));
  out.push(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'sec-timeline' },
      h('h2', { id: 'sec-timeline', text: t('sup.case.timeline') }),
      dataTable(
        'timeline-table',
        [t('sup.tl.on'), t('sup.tl.kind'), t('sup.tl.change'), t('sup.tl.actor'), t('sup.tl.note'), t('sup.tl.at')],
        events.map((e) =>
          h(
            'tr',
            { dataset: { kind: e.kind } },
            h('td', { class: 'nowrap', text: e.on || '' }),
            h('td', { text: tr('sup.event.', e.kind, e.kind_zh) }),
            h('td', { class: 'nowrap', text: e.from || e.to ? tr('sup.state.', e.from, '') + ' → ' + tr('sup.state.', e.to, '') : '' }),
            h('td', { text: e.actor || '' }),
            h('td', { text: e.kind && e.kind.startsWith('finding') && has('sup.fd.v.' + e.note) ? t('sup.fd.v.' + e.note) : e.note || '' }),
            h('td', null, timeCell(e.at)),
          ),
        ),
        t('sup.case.timeline'),
      ),
    ),
  );
  return out;
}

function attachmentsCard(c, ctx) {
  const list = c.attachments || [];
  const sec = h(
    'section',
    { class: 'card', id: 'attachments', 'aria-labelledby': 'sec-att' },
    h('h2', { id: 'sec-att', text: t('sup.att.title') }),
    list.length
      ? h(
          'ul',
          { class: 'plain-list', id: 'attachment-list' },
          list.map((a) => h('li', null, h('a', { href: casePath(c.case_no) + '/attachments/' + a.id, download: a.name, text: a.name }), ' ', h('span', { class: 'muted', text: '（' + Math.max(1, Math.round(a.size / 1024)) + ' KB · ' + (a.created_at || '').slice(0, 10) + '）' }))),
        )
      : h('p', { class: 'muted', text: t('sup.att.none') }),
  );
  const may = [...STAFF, ...UNIT, 'supervisor'].includes(ctx.role) && c.state !== 'closed';
  if (!may) return sec;
  const file = h('input', { type: 'file', id: 'att-file', name: 'evidence', accept: '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,.mp3,.mp4' });
  const msg = h('div', { 'aria-live': 'polite', id: 'att-msg' });
  const btn = h('button', { type: 'submit', class: 'btn', id: 'att-submit', text: t('sup.att.upload') });
  const form = h('form', { class: 'toolbar', id: 'att-form' }, field(t('sup.att.file'), file, t('sup.att.hint')), h('div', { class: 'toolbar-buttons' }, btn), msg);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(msg);
    const f = file.files && file.files[0];
    if (!f) {
      msg.append(notice(t('sup.att.pick'), 'error'));
      file.focus();
      return;
    }
    btn.disabled = true;
    try {
      const resp = await fetch(casePath(c.case_no) + '/attachments?filename=' + encodeURIComponent(f.name), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-CSRF-Token': ctx.session.csrf_token || '', 'Content-Type': f.type || 'application/octet-stream', Accept: 'application/json' },
        body: f,
      });
      const data = await resp.json().catch(() => ({}));
      if (!resp.ok) {
        const er = (data && data.error) || {};
        throw new api.ApiError(resp.status, er.code, er.message, er.field, er.message_zh);
      }
      pending = t('sup.att.done', { name: f.name });
      ctx.navigate(location.hash);
    } catch (err) {
      msg.append(notice(errorText(err), 'error'));
      btn.disabled = false;
    }
  });
  sec.append(form);
  return sec;
}

function duplicatesCard(c, ctx) {
  const office = ctx.role === 'office';
  const msg = h('div', { 'aria-live': 'polite', id: 'dup-msg' });
  const panel = h('div', { id: 'dup-panel' });
  const post = async (body, done) => {
    await api.post(casePath(c.case_no) + '/duplicate', body);
    pending = done;
    ctx.navigate(location.hash);
  };
  const act = (label, body, done, id) =>
    h('button', {
      type: 'button',
      class: 'btn btn-small',
      id,
      text: label,
      on: {
        click: async (e) => {
          e.target.disabled = true;
          clear(msg);
          try {
            await post(body, done);
          } catch (err) {
            msg.append(notice(errorText(err), 'error'));
            e.target.disabled = false;
          }
        },
      },
    });
  const d = c.duplicate_of;
  const rows = [];
  if (d)
    rows.push(
      h(
        'li',
        { id: 'dup-of' },
        t('sup.dup.of'),
        caseLink(d.case_no),
        ' ',
        badge(tr('sup.dup.status.', d.status), d.status === 'confirmed' ? 'info' : 'warn'),
        d.similarity ? h('span', { class: 'muted', text: ' ' + t('sup.dup.similarity', { n: d.similarity }) }) : null,
        office ? [' ', d.status !== 'confirmed' ? act(t('sup.dup.confirm'), { confirm: true }, t('sup.dup.confirmed_ok'), 'dup-confirm') : null, ' ', act(t('sup.dup.unlink'), { confirm: false }, t('sup.dup.unlinked_ok'), 'dup-unlink')] : null,
      ),
    );
  for (const x of c.duplicates || []) rows.push(h('li', { dataset: { case: x.case_no } }, t('sup.dup.has'), caseLink(x.case_no), ' ', badge(tr('sup.dup.status.', x.status), x.status === 'confirmed' ? 'info' : 'warn'), x.similarity ? h('span', { class: 'muted', text: ' ' + t('sup.dup.similarity', { n: x.similarity }) }) : null));
  const sec = h('section', { class: 'card', id: 'duplicates', 'aria-labelledby': 'sec-dup' }, h('h2', { id: 'sec-dup', text: t('sup.dup.title') }), rows.length ? h('ul', { class: 'plain-list' }, rows) : h('p', { class: 'muted', text: t('sup.dup.none') }), msg);
  if (office && !d && c.state !== 'closed') {
    sec.append(
      h('button', {
        type: 'button',
        class: 'btn btn-small',
        id: 'dup-link',
        text: t('sup.dup.link'),
        on: {
          click: () =>
            inlineForm(panel, {
              id: 'dup-form',
              title: t('sup.dup.link'),
              fields: [{ name: 'of', label: t('sup.dup.of_field'), required: true, hint: 'ZF-2026-000123' }],
              submit: t('sup.dup.link'),
              onSubmit: (v) => post({ of: v.of }, t('sup.dup.linked_ok')),
            }),
        },
      }),
      panel,
    );
  }
  return sec;
}

function drawCaseActions(box, panel, c, ctx) {
  const acts = caseActions(c, ctx);
  const go = async (seg, body, doneKey) => {
    await api.post(casePath(c.case_no) + '/' + seg, body);
    pending = t(doneKey);
    ctx.navigate(location.hash);
  };
  const onDate = { name: 'on', label: t('sup.a.on'), kind: 'date', value: today(), hint: t('sup.a.on_hint') };
  const specs = {
    assign: async () => {
      const units = await loadUnits();
      const pu = c.proposed && c.proposed.unit ? c.proposed.unit.code : c.unit && c.unit.code;
      const pl = c.proposed && c.proposed.leader ? c.proposed.leader : null;
      return {
        title: t('sup.a.assign'),
        intro: t('sup.a.assign_intro', { unit: (c.proposed && c.proposed.unit && c.proposed.unit.name) || '—', leader: pl ? pl.name + '（' + pl.code + '）' : t('sup.case.no_leader') }),
        fields: [
          { name: 'unit', label: t('sup.col.handling'), kind: 'select', value: pu, options: units.filter((u) => u.active !== false).map((u) => [u.code, u.code + ' ' + u.name]) },
          { name: 'leader', label: t('sup.a.leader_code'), value: pl ? pl.code : '', hint: t('sup.a.leader_hint') },
          { name: 'text', label: t('sup.a.note'), kind: 'textarea', rows: '2' },
          onDate,
        ],
        submit: t('sup.a.assign'),
        onSubmit: (v) => {
          const body = { unit: v.unit, on: v.on || undefined, note: v.text || undefined };
          // the leader box keeps the proposal unless the unit changed and it was not edited
          if (v.leader && !(v.unit !== pu && pl && v.leader === pl.code)) body.leader = v.leader;
          return go('assign', body, 'sup.done.assign');
        },
      };
    },
    sign: () => ({ title: t('sup.a.sign'), intro: t('sup.a.sign_intro'), fields: [onDate], submit: t('sup.a.sign'), onSubmit: (v) => go('sign', { on: v.on || undefined }, 'sup.done.sign') }),
    handle: () => ({ title: t('sup.a.handle'), fields: [onDate], submit: t('sup.a.handle'), onSubmit: (v) => go('handle', { on: v.on || undefined }, 'sup.done.handle') }),
    reply: () => ({ title: t('sup.a.reply'), fields: [{ name: 'text', label: t('sup.a.reply_text'), kind: 'textarea', required: true, rows: '5' }, onDate], submit: t('sup.a.reply'), onSubmit: (v) => go('reply', { text: v.text, on: v.on || undefined }, 'sup.done.reply') }),
    return: () => ({ title: t('sup.a.return'), intro: t('sup.a.return_intro'), fields: [{ name: 'text', label: t('sup.a.reason'), kind: 'textarea', required: true }, onDate], submit: t('sup.a.return'), onSubmit: (v) => go('return', { reason: v.text, on: v.on || undefined }, 'sup.done.return') }),
    extend: () => ({
      title: t('sup.a.extend'),
      fields: [{ name: 'days', label: t('sup.a.days'), kind: 'number', required: true, min: '1', maxv: '30', value: '5', hint: t('sup.a.days_hint') }, { name: 'text', label: t('sup.a.reason'), kind: 'textarea', required: true }],
      submit: t('sup.a.extend'),
      onSubmit: (v) => {
        const days = Number(v.days);
        if (!Number.isInteger(days)) throw new api.ApiError(400, 'invalid', t('sup.a.days_hint'), 'days');
        return go('extend', { days, reason: v.text }, 'sup.done.extend');
      },
    }),
    extension: () => ({
      title: t('sup.a.extension'),
      intro: t('sup.case.extension_pending', { days: c.extension.days, reason: c.extension.reason, by: c.extension.requested_by, on: c.extension.requested_on }),
      fields: [{ name: 'approve', label: t('sup.a.decision'), kind: 'select', value: 'true', options: [['true', t('sup.a.approve')], ['false', t('sup.a.deny')]] }, { name: 'text', label: t('sup.a.note'), kind: 'textarea', rows: '2' }],
      submit: t('sup.a.extension_submit'),
      onSubmit: (v) => go('extension', { approve: v.approve === 'true', note: v.text || undefined }, v.approve === 'true' ? 'sup.done.approved' : 'sup.done.denied'),
    }),
    follow_up: () => ({
      title: t('sup.a.follow_up'),
      intro: t('sup.a.follow_up_intro'),
      fields: [{ name: 'satisfied', label: t('sup.case.satisfied'), kind: 'select', required: true, value: '', options: [['', t('sup.a.choose')], ['true', t('sup.satisfied.yes')], ['false', t('sup.satisfied.no')]] }, { name: 'text', label: t('sup.a.follow_note'), kind: 'textarea', rows: '2' }, onDate],
      submit: t('sup.a.follow_up'),
      onSubmit: (v) => go('follow-up', { satisfied: v.satisfied === 'true', note: v.text || undefined, on: v.on || undefined }, v.satisfied === 'true' ? 'sup.done.satisfied' : 'sup.done.reopened'),
    }),
    close: () => ({ title: t('sup.a.close'), fields: [{ name: 'text', label: t('sup.a.note'), kind: 'textarea', rows: '2' }, onDate], submit: t('sup.a.close'), onSubmit: (v) => go('close', { note: v.text || undefined, on: v.on || undefined }, 'sup.done.close') }),
    close_reject: () => ({ title: t('sup.a.close_reject'), intro: t('sup.a.close_reject_intro'), fields: [{ name: 'text', label: t('sup.a.reason'), kind: 'textarea', required: true }, onDate], submit: t('sup.a.close_reject'), onSubmit: (v) => go('close', { reason: v.text, on: v.on || undefined }, 'sup.done.close') }),
  };
  if (!acts.length) {
    if (!['viewer', 'supervisor'].includes(ctx.role)) box.append(h('p', { class: 'muted', id: 'case-no-actions', text: t('sup.a.none') }));
    return;
  }
  for (const a of acts) {
    box.append(
      h('button', {
        type: 'button',
        class: 'btn' + (['return', 'close_reject'].includes(a) ? '' : ' btn-primary'),
        id: 'act-' + a,
        dataset: { action: a },
        text: t('sup.a.' + a),
        on: {
          click: async () => {
            const spec = await specs[a]();
            inlineForm(panel, { id: 'form-' + a, ...spec });
          },
        },
      }),
      ' ',
    );
  }
}

/* ---- the finding (inspector records and confirms; office reads) ---- */

async function drawFinding(sec, c, ctx) {
  const inspector = ctx.role === 'inspector';
  const body = h('div', { id: 'finding-body' });
  const panel = h('div', { id: 'finding-panel' });
  clear(sec).append(h('h2', { id: 'sec-finding', text: t('sup.fd.title') }), body, panel);
  let f = null;
  await fill(body, async () => {
    f = await api.get(casePath(c.case_no) + '/finding');
    const out = [];
    if (!f.finding) out.push(h('p', { class: 'muted', id: 'finding-none', text: t('sup.fd.none') }));
    else {
      out.push(
        dl([
          [t('sup.fd.finding'), h('span', { id: 'finding-value' }, badge(tr('sup.fd.v.', f.finding), f.finding === 'unsubstantiated' ? 'muted' : 'danger'))],
          [t('sup.fd.on'), f.finding_on],
          [t('sup.fd.summary'), f.summary],
          [t('sup.fd.area'), f.area],
          [t('sup.fd.confirmed'), f.confirmed ? t('sup.fd.confirmed_by', { on: f.confirmed_on || '', by: f.confirmed_by || '' }) : badge(t('sup.fd.unconfirmed'), 'warn')],
        ]),
      );
      const people = f.people || [];
      out.push(
        people.length
          ? dataTable(
              'finding-people',
              [t('sup.fd.person'), t('sup.fd.kind'), t('sup.fd.relation'), t('sup.fd.post')],
              people.map((p) => h('tr', null, h('td', null, personLink(p.person)), h('td', { text: tr('sup.fd.k.', p.kind) }), h('td', { text: p.relation ? tr('relation.', p.relation, p.relation) : '—' }), h('td', { text: [p.person && p.person.post, p.person && p.person.unit && p.person.unit.name].filter(Boolean).join(' · ') }))),
              t('sup.fd.people'),
            )
          : h('p', { class: 'muted', text: t('sup.fd.nobody') }),
      );
      if (['substantiated', 'partly'].includes(f.finding)) {
        const links = [h('a', { href: '#/sanctions?case_no=' + encodeURIComponent(c.case_no), text: t('sup.fd.sanctions') })];
        if (ctx.role === 'office' && f.confirmed) links.push(' · ', h('a', { href: '#/exposures?case=' + encodeURIComponent(c.case_no), id: 'publish-link', text: t('sup.fd.publish') }));
        out.push(h('p', null, links));
      }
    }
    return out;
  });
  if (!inspector || !f || f.confirmed || c.state === 'received' || c.duplicate_of) return;
  const tools = h('div', { class: 'row-actions', id: 'finding-actions' });
  sec.insertBefore(tools, panel);
  const record = h('button', { type: 'button', class: 'btn btn-primary', id: 'finding-record', text: f.finding ? t('sup.fd.rerecord') : t('sup.fd.record') });
  record.addEventListener('click', () => recordFinding(panel, c, f, ctx));
  tools.append(record);
  if (f.finding) {
    const confirm = h('button', { type: 'button', class: 'btn', id: 'finding-confirm', text: t('sup.fd.confirm') });
    const msg = h('div', { 'aria-live': 'polite' });
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      clear(msg);
      try {
        await api.post(casePath(c.case_no) + '/finding/confirm');
        pending = t('sup.fd.confirmed_ok');
        ctx.navigate(location.hash);
      } catch (err) {
        msg.append(notice(errorText(err), 'error'));
        confirm.disabled = false;
      }
    });
    tools.append(' ', confirm, msg);
  }
}

async function recordFinding(panel, c, f, ctx) {
  clear(panel).append(h('p', { class: 'loading', role: 'status', text: t('app.loading') }));
  let prop;
  try {
    prop = await api.get(casePath(c.case_no) + '/finding/proposal', f.area ? { area: f.area } : null);
  } catch (err) {
    clear(panel).append(notice(errorText(err), 'error'));
    return;
  }
  const chosen = new Set((f.people || []).map((p) => p.person && p.person.code));
  const fresh = !(f.people || []).length;
  const pick = (list, kind) =>
    list.map((p) => {
      const label = p.name + '（' + p.code + (p.post ? ' · ' + p.post : '') + (p.relation ? ' · ' + tr('relation.', p.relation, p.relation_zh) : '') + '）';
      return { name: kind + ':' + p.code, label, kind: 'check', value: fresh || chosen.has(p.code) };
    });
  const direct = pick(prop.direct || [], 'direct');
  const leaders = pick(prop.leaders || [], 'leader');
  const intro = h('div', null, h('p', { text: t('sup.fd.proposal_intro') }), !direct.length && !leaders.length ? notice(t('sup.fd.proposal_empty'), 'warn') : null);
  inlineForm(panel, {
    id: 'finding-form',
    title: t('sup.fd.record'),
    intro,
    fields: [
      { name: 'finding', label: t('sup.fd.finding'), kind: 'select', required: true, value: f.finding || '', options: [['', t('sup.a.choose')], ...FINDINGS.map((x) => [x, t('sup.fd.v.' + x)])] },
      { name: 'finding_on', label: t('sup.fd.on'), kind: 'date', value: f.finding_on || today() },
      { name: 'summary', label: t('sup.fd.summary'), kind: 'textarea', value: f.summary || '' },
      { name: 'area', label: t('sup.fd.area'), value: f.area || '', hint: t('sup.fd.area_hint') },
      ...direct,
      ...leaders,
    ],
    submit: t('sup.fd.save'),
    onSubmit: async (v) => {
      const body = { finding: v.finding, finding_on: v.finding_on || undefined, summary: v.summary || undefined, area: v.area || undefined };
      body.direct = Object.keys(v).filter((k) => k.startsWith('direct:') && v[k]).map((k) => k.slice(7));
      body.leaders = Object.keys(v).filter((k) => k.startsWith('leader:') && v[k]).map((k) => k.slice(7));
      await api.post(casePath(c.case_no) + '/finding', body);
      pending = t('sup.fd.recorded_ok');
      ctx.navigate(location.hash);
    },
  });
}

/* ---- #/sanctions ---- */

function consequences(m) {
  const out = [];
  if (m.points) out.push(t('sup.m.points', { n: m.points }));
  if (m.person_no_excellent) out.push(t('sup.m.person_no_excellent'));
  if (m.unit_no_excellent) out.push(t('sup.m.unit_no_excellent'));
  if (m.no_bonus) out.push(t('sup.m.no_bonus'));
  if (m.promotion_ban_months) out.push(t('sup.m.ban', { n: m.promotion_ban_months }));
  if (m.staffing_freeze_months) out.push(t('sup.m.freeze', { n: m.staffing_freeze_months }));
  if (m.veto) out.push(t('sup.m.veto'));
  return out.length ? out.join('；') : t('sup.m.none');
}

export async function sanctionsView(main, ctx) {
  const decider = STAFF.includes(ctx.role);
  const q = ctx.query;
  main.append(
    pageHeader(t('sup.sn.title'), t('sup.sn.intro'), h('p', { class: 'sup-subnav' }, h('a', { href: '#/sanctions/catalogue', id: 'catalogue-link', text: t('sup.cat.title') }), STAFF.includes(ctx.role) ? [' · ', h('a', { href: '#/exposures', text: t('sup.ex.title') })] : null)),
    flashBox('sanctions-msg'),
  );
  const tools = h('div', { class: 'round-actions', id: 'sanction-actions' });
  const panel = h('div', { id: 'sanction-panel' });
  const units = decider || ctx.role === 'viewer' ? await loadUnits() : [];
  const unit = units.length ? unitSelect('sn-f-unit', units, q.get('unit') || '') : null;
  const person = h('input', { id: 'sn-f-person', type: 'text', value: q.get('person') || '', autocomplete: 'off' });
  const caseNo = h('input', { id: 'sn-f-case', type: 'text', value: q.get('case_no') || '', autocomplete: 'off' });
  const from = h('input', { id: 'sn-f-from', type: 'date', value: q.get('from') || '' });
  const to = h('input', { id: 'sn-f-to', type: 'date', value: q.get('to') || '' });
  const revoked = checkbox(t('sup.sn.with_revoked'), { id: 'sn-f-revoked', checked: q.get('revoked') === '1' });
  const form = h(
    'form',
    { class: 'toolbar', role: 'search', id: 'sanction-filters', 'aria-label': t('sup.f.label') },
    unit ? field(t('sup.f.unit'), unit) : null,
    field(t('sup.sn.person_code'), person),
    field(t('sup.col.case_no'), caseNo),
    field(t('sup.sn.from'), from),
    field(t('sup.sn.to'), to),
    revoked,
    h('div', { class: 'toolbar-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('common.search') }), h('a', { class: 'btn', href: '#/sanctions', text: t('common.reset') })),
  );
  const list = h('div', { id: 'sanctions-list' });
  main.append(tools, panel, form, list);
  const params = () => ({ unit: unit ? unit.value : '', person: person.value.trim(), case_no: caseNo.value.trim(), from: from.value, to: to.value, revoked: revoked.querySelector('input').checked ? '1' : '' });
  const rowOf = (s) =>
    h(
      'tr',
      { dataset: { id: String(s.id), revoked: s.revoked ? '1' : '0' }, class: s.revoked ? 'is-revoked' : null },
      h('td', { class: 'nowrap', text: s.decided_on || '' }),
      h('td', null, s.measure ? s.measure.name : '', s.veto_item ? [' ', badge(t('sup.m.veto'), 'danger')] : null),
      h('td', null, s.person ? personLink(s.person) : h('span', { class: 'muted', text: t('sup.sn.unit_measure') })),
      h('td', null, s.unit ? unitLink(s.unit) : '—'),
      h('td', null, s.case_no ? caseLink(s.case_no) : '—'),
      h('td', { class: 'sn-basis', text: s.basis || '' }),
      h('td', { text: [s.authority && s.authority.name, s.decided_by].filter(Boolean).join(' · ') }),
      h('td', null, [s.promotion_ban_until ? h('div', { text: t('sup.sn.ban_until', { d: s.promotion_ban_until }) }) : null, s.freeze_until ? h('div', { text: t('sup.sn.freeze_until', { d: s.freeze_until }) }) : null, s.adjustment ? h('div', { class: 'muted', text: t('sup.sn.adjust', { n: s.adjustment.points, round: s.round || '' }) }) : null]),
      h('td', { class: 'nowrap' }, s.revoked ? [badge(t('sup.sn.revoked'), 'muted'), h('div', { class: 'muted', text: (s.revoked_on || '') + ' ' + (s.revoke_reason || '') })] : [badge(t('sup.sn.in_force'), 'warn'), decider ? h('div', null, h('button', { type: 'button', class: 'btn btn-small', text: t('sup.sn.revoke'), dataset: { revoke: String(s.id) }, on: { click: () => revokeForm(panel, s, ctx) } })) : null]),
    );
  const load = () => {
    const p = params();
    const qs = new URLSearchParams(Object.entries(p).filter(([, v]) => v)).toString();
    ctx.replaceHash('#/sanctions' + (qs ? '?' + qs : ''));
    return fill(list, async () => {
      const data = await api.get('/api/v1/sanctions', { ...p, limit: PAGE });
      const items = api.listOf(data, 'items');
      const out = [];
      if (decider) {
        const e = new URLSearchParams(Object.entries(p).filter(([, v]) => v));
        out.push(h('p', null, h('a', { class: 'btn', href: '/api/v1/sanctions/export' + (e.toString() ? '?' + e : ''), download: 'sanctions.csv', text: t('sup.export_csv') })));
      }
      if (!items.length) return [...out, notice(t('sup.sn.empty'), 'info')];
      const body = h('tbody', null, items.map(rowOf));
      const tbl = h(
        'table',
        { class: 'data', id: 'sanctions-table' },
        h('caption', { class: 'visually-hidden', text: t('sup.sn.title') }),
        h('thead', null, h('tr', null, [t('sup.sn.decided_on'), t('sup.sn.measure'), t('sup.sn.person'), t('sup.f.unit'), t('sup.col.case_no'), t('sup.sn.basis'), t('sup.sn.authority'), t('sup.sn.effects'), t('prop.status')].map((x) => h('th', { scope: 'col', text: x })))),
        body,
      );
      const more = h('div', { class: 'pager' });
      let next = data.next_after;
      const drawMore = () => {
        clear(more);
        if (next === null || next === undefined) return;
        const b = h('button', { type: 'button', class: 'btn', id: 'sanctions-more', text: t('sup.more') });
        b.addEventListener('click', async () => {
          b.disabled = true;
          try {
            const d2 = await api.get('/api/v1/sanctions', { ...p, limit: PAGE, after: next });
            body.append(...api.listOf(d2, 'items').map(rowOf));
            next = d2.next_after;
            drawMore();
          } catch (err) {
            more.append(notice(errorText(err), 'error'));
            b.disabled = false;
          }
        });
        more.append(b);
      };
      drawMore();
      return [...out, h('div', { class: 'table-wrap' }, tbl), more];
    });
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  if (decider) {
    const b = h('button', { type: 'button', class: 'btn btn-primary', id: 'sanction-decide', text: t('sup.sn.decide') });
    b.addEventListener('click', () => decideForm(panel, ctx, q.get('case_no') || ''));
    tools.append(b);
  }
  await load();
}

async function decideForm(panel, ctx, caseNo) {
  clear(panel).append(h('p', { class: 'loading', role: 'status', text: t('app.loading') }));
  let measures, vetoes;
  try {
    [measures, vetoes] = await Promise.all([api.get('/api/v1/sanction-measures').then((d) => api.listOf(d, 'items')), api.get('/api/v1/veto-items').then((d) => api.listOf(d, 'items'))]);
  } catch (err) {
    clear(panel).append(notice(errorText(err), 'error'));
    return;
  }
  const byCode = new Map(measures.map((m) => [m.code, m]));
  const effects = h('p', { class: 'alert alert-info', id: 'measure-effects', role: 'status', 'aria-live': 'polite', text: t('sup.sn.pick_measure') });
  const { controls } = inlineForm(panel, {
    id: 'decide-form',
    title: t('sup.sn.decide'),
    intro: h('div', null, h('p', { text: t('sup.sn.decide_intro') }), effects),
    fields: [
      { name: 'measure', label: t('sup.sn.measure'), kind: 'select', required: true, value: '', options: [['', t('sup.a.choose')], ...measures.map((m) => [m.code, t('sup.m.tier_' + m.tier) + ' · ' + m.name + '（' + t('sup.m.level.' + m.level) + '）'])] },
      { name: 'person', label: t('sup.sn.person_code'), hint: t('sup.sn.person_hint') },
      { name: 'unit', label: t('sup.sn.unit_code'), hint: t('sup.sn.unit_hint') },
      { name: 'case_no', label: t('sup.col.case_no'), value: caseNo, hint: t('sup.sn.case_hint') },
      { name: 'veto_item', label: t('sup.sn.veto_item'), kind: 'select', value: '', options: [['', t('common.none')], ...vetoes.filter((v) => v.in_force).map((v) => [v.code, v.name])], hint: t('sup.sn.veto_hint') },
      { name: 'decided_on', label: t('sup.sn.decided_on'), kind: 'date', value: today() },
      { name: 'basis', label: t('sup.sn.basis'), kind: 'textarea', required: true, hint: t('sup.sn.basis_hint') },
    ],
    submit: t('sup.sn.decide_submit'),
    onSubmit: async (v) => {
      const body = { measure: v.measure, basis: v.basis };
      for (const k of ['person', 'unit', 'case_no', 'veto_item', 'decided_on']) if (v[k]) body[k] = v[k];
      await api.post('/api/v1/sanctions', body).catch((e) => {
        throw authorityError(e);
      });
      pending = t('sup.sn.decided_ok');
      ctx.navigate(location.hash);
    },
  });
  controls.measure.addEventListener('change', () => {
    const m = byCode.get(controls.measure.value);
    effects.textContent = m ? t('sup.sn.effects_of', { name: m.name, what: consequences(m) }) : t('sup.sn.pick_measure');
    if (m) {
      // a unit measure names no person; the field is emptied and locked
      controls.person.disabled = m.level === 'unit';
      if (controls.person.disabled) controls.person.value = '';
      controls.veto_item.required = !!m.veto;
    }
  });
}

// The API's authority refusal (403) in the reader's language, naming the body that holds
// management authority when the server names it.
function authorityError(err) {
  if (!err || err.status !== 403) return err;
  const m = /lies with (.+?) \(([^)]+)\)/.exec(err.message || '');
  const text = m ? t('sup.sn.no_authority_body', { name: m[1], code: m[2] }) : t('sup.sn.no_authority', { detail: errorDetail(err) });
  return new api.ApiError(403, 'authority', text, err.field);
}

function revokeForm(panel, s, ctx) {
  inlineForm(panel, {
    id: 'revoke-form',
    title: t('sup.sn.revoke') + '：' + (s.measure ? s.measure.name : '') + ' · ' + ((s.person && s.person.name) || (s.unit && s.unit.name) || ''),
    fields: [{ name: 'reason', label: t('sup.a.reason'), kind: 'textarea', required: true }],
    submit: t('sup.sn.revoke'),
    onSubmit: async (v) => {
      await api.post('/api/v1/sanctions/' + s.id + '/revoke', { reason: v.reason }).catch((e) => {
        throw authorityError(e);
      });
      pending = t('sup.sn.revoked_ok');
      ctx.navigate(location.hash);
    },
  });
}

/* ---- #/sanctions/catalogue ---- */

export async function catalogueView(main, ctx) {
  const office = ctx.role === 'office';
  main.append(pageHeader(t('sup.cat.title'), t('sup.cat.intro'), h('p', { class: 'sup-subnav' }, h('a', { href: '#/sanctions', text: t('sup.sn.title') }))), flashBox('catalogue-msg'));
  const mSec = h('section', { class: 'card', id: 'measures', 'aria-labelledby': 'sec-measures' });
  const vSec = h('section', { class: 'card', id: 'vetoes', 'aria-labelledby': 'sec-vetoes' });
  main.append(mSec);
  const mPanel = h('div', { id: 'measure-panel' });
  const mList = h('div', { id: 'measure-list' });
  const mMsg = h('div', { 'aria-live': 'polite' });
  mSec.append(h('h2', { id: 'sec-measures', text: t('sup.cat.measures') }), mMsg, mPanel, mList);
  const redraw = (key) => {
    pending = t(key);
    ctx.navigate(location.hash);
  };
  const toggle = async (m, btn) => {
    btn.disabled = true;
    clear(mMsg);
    try {
      await api.post('/api/v1/sanction-measures/' + api.enc(m.code) + (m.active ? '/deactivate' : '/activate'));
      redraw(m.active ? 'sup.cat.deactivated' : 'sup.cat.activated');
    } catch (err) {
      mMsg.append(notice(errorText(err), 'error'));
      btn.disabled = false;
    }
  };
  await fill(mList, async () => {
    const items = api.listOf(await api.get('/api/v1/sanction-measures', office ? { all: 1 } : null), 'items');
    const rows = items.map((m) =>
      h(
        'tr',
        { dataset: { code: m.code, active: m.active ? '1' : '0' }, class: m.active ? null : 'is-inactive' },
        h('td', { text: t('sup.m.tier_' + m.tier) }),
        h('td', null, m.name, ' ', h('span', { class: 'unit-code', text: m.code })),
        h('td', { text: t('sup.m.level.' + m.level) }),
        h('td', { class: 'sn-effects', text: consequences(m) }),
        h('td', null, m.active ? badge(t('common.active'), 'ok') : badge(t('common.inactive'), 'muted')),
        office ? h('td', null, h('button', { type: 'button', class: 'btn btn-small', text: m.active ? t('sup.cat.deactivate') : t('sup.cat.activate'), on: { click: (e) => toggle(m, e.target) } })) : null,
      ),
    );
    return dataTable('measures-table', [t('sup.m.tier'), t('sup.sn.measure'), t('sup.m.level_col'), t('sup.m.consequences'), t('unit.status'), ...(office ? [t('common.actions')] : [])], rows, t('sup.cat.measures'));
  });
  if (office) {
    const b = h('button', { type: 'button', class: 'btn', id: 'measure-add', text: t('sup.cat.add_measure') });
    b.addEventListener('click', () =>
      inlineForm(mPanel, {
        id: 'measure-form',
        title: t('sup.cat.add_measure'),
        fields: [
          { name: 'code', label: t('sup.cat.code'), required: true, hint: t('sup.cat.code_hint') },
          { name: 'name', label: t('sup.cat.name'), required: true },
          { name: 'tier', label: t('sup.m.tier'), kind: 'select', value: '1', options: [1, 2, 3, 4, 5].map((n) => [String(n), t('sup.m.tier_' + n)]) },
          { name: 'level', label: t('sup.m.level_col'), kind: 'select', value: 'person', options: [['person', t('sup.m.level.person')], ['unit', t('sup.m.level.unit')]] },
          { name: 'points', label: t('sup.cat.points'), kind: 'number', value: '0', step: '0.1', min: '0', maxv: '100' },
          { name: 'promotion_ban_months', label: t('sup.cat.ban_months'), kind: 'number', value: '0', min: '0', maxv: '120' },
          { name: 'staffing_freeze_months', label: t('sup.cat.freeze_months'), kind: 'number', value: '0', min: '0', maxv: '120' },
          { name: 'person_no_excellent', label: t('sup.m.person_no_excellent'), kind: 'check' },
          { name: 'unit_no_excellent', label: t('sup.m.unit_no_excellent'), kind: 'check' },
          { name: 'no_bonus', label: t('sup.m.no_bonus'), kind: 'check' },
          { name: 'veto', label: t('sup.m.veto'), kind: 'check' },
        ],
        submit: t('common.save'),
        onSubmit: async (v) => {
          const num = (k) => {
            const n = Number(v[k] || 0);
            if (!Number.isFinite(n)) throw new api.ApiError(400, 'invalid', t('sup.cat.not_number'), k);
            return n;
          };
          await api.post('/api/v1/sanction-measures', {
            code: v.code,
            name: v.name,
            tier: num('tier'),
            level: v.level,
            points: num('points'),
            promotion_ban_months: num('promotion_ban_months'),
            staffing_freeze_months: num('staffing_freeze_months'),
            person_no_excellent: v.person_no_excellent,
            unit_no_excellent: v.unit_no_excellent,
            no_bonus: v.no_bonus,
            veto: v.veto,
          });
          redraw('sup.cat.measure_added');
        },
      }),
    );
    mSec.insertBefore(h('div', { class: 'row-actions' }, b), mPanel);
  }
  // The veto registry: the office and the inspector (and viewers) read it.
  if (!['office', 'inspector', 'viewer'].includes(ctx.role)) return;
  main.append(vSec);
  const vPanel = h('div', { id: 'veto-panel' });
  const vList = h('div', { id: 'veto-list' });
  vSec.append(h('h2', { id: 'sec-vetoes', text: t('sup.cat.vetoes') }), h('p', { class: 'muted', text: t('sup.cat.vetoes_intro') }), vPanel, vList);
  await fill(vList, async () => {
    const items = api.listOf(await api.get('/api/v1/veto-items'), 'items');
    if (!items.length) return h('p', { class: 'muted', text: t('common.empty') });
    const rows = items.map((v) =>
      h(
        'tr',
        { dataset: { code: v.code } },
        h('td', null, v.name, ' ', h('span', { class: 'unit-code', text: v.code })),
        h('td', { text: v.basis || '' }),
        h('td', { class: 'nowrap', text: v.expires_on || t('sup.cat.no_expiry') }),
        h('td', null, v.in_force ? badge(t('sup.cat.in_force'), 'ok') : badge(t('sup.cat.expired'), 'muted')),
        h('td', { class: 'num', text: String(v.sanctions ?? 0) }),
        office
          ? h(
              'td',
              null,
              v.in_force
                ? h('button', {
                    type: 'button',
                    class: 'btn btn-small',
                    text: t('sup.cat.expire'),
                    on: {
                      click: () =>
                        inlineForm(vPanel, {
                          id: 'expire-form',
                          title: t('sup.cat.expire') + '：' + v.name,
                          fields: [{ name: 'on', label: t('sup.cat.expire_on'), kind: 'date', value: today() }],
                          submit: t('sup.cat.expire'),
                          onSubmit: async (x) => {
                            await api.post('/api/v1/veto-items/' + api.enc(v.code) + '/expire', x.on ? { on: x.on } : {});
                            redraw('sup.cat.expired_ok');
                          },
                        }),
                    },
                  })
                : null,
            )
          : null,
      ),
    );
    return dataTable('veto-table', [t('sup.cat.name'), t('sup.sn.basis'), t('sup.cat.expires_on'), t('unit.status'), [t('sup.cat.sanctions'), 'num'], ...(office ? [t('common.actions')] : [])], rows, t('sup.cat.vetoes'));
  });
  if (office) {
    const b = h('button', { type: 'button', class: 'btn', id: 'veto-add', text: t('sup.cat.add_veto') });
    b.addEventListener('click', () =>
      inlineForm(vPanel, {
        id: 'veto-form',
        title: t('sup.cat.add_veto'),
        fields: [
          { name: 'code', label: t('sup.cat.code'), required: true, hint: t('sup.cat.code_hint') },
          { name: 'name', label: t('sup.cat.name'), required: true },
          { name: 'basis', label: t('sup.sn.basis'), kind: 'textarea', required: true },
          { name: 'expires_on', label: t('sup.cat.expires_on'), kind: 'date' },
        ],
        submit: t('common.save'),
        onSubmit: async (v) => {
          const body = { code: v.code, name: v.name, basis: v.basis };
          if (v.expires_on) body.expires_on = v.expires_on;
          await api.post('/api/v1/veto-items', body);
          redraw('sup.cat.veto_added');
        },
      }),
    );
    vSec.insertBefore(h('div', { class: 'row-actions' }, b), vPanel);
  }
}

/* ---- #/exposures ---- */

export async function exposuresView(main, ctx) {
  const office = ctx.role === 'office';
  main.append(pageHeader(t('sup.ex.title'), t('sup.ex.intro')), flashBox('exposures-msg'));
  const tools = h('div', { class: 'round-actions', id: 'exposure-actions' });
  const panel = h('div', { id: 'exposure-panel' });
  const list = h('div', { id: 'exposures-list' });
  main.append(tools, panel, list);
  const publishForm = (caseNo) =>
    inlineForm(panel, {
      id: 'publish-form',
      title: t('sup.ex.publish'),
      intro: t('sup.ex.publish_intro'),
      fields: [
        { name: 'case_no', label: t('sup.col.case_no'), required: true, value: caseNo || '' },
        { name: 'title', label: t('sup.ex.title_field'), required: true },
        { name: 'facts', label: t('sup.ex.facts'), kind: 'textarea', required: true },
        { name: 'handling', label: t('sup.ex.handling'), kind: 'textarea', required: true },
        { name: 'published_on', label: t('sup.ex.published_on'), kind: 'date', value: today(), hint: t('sup.ex.published_on_hint') },
        { name: 'show_person', label: t('sup.ex.show_person'), kind: 'check' },
      ],
      submit: t('sup.ex.publish'),
      onSubmit: async (v) => {
        const body = { case_no: v.case_no, title: v.title, facts: v.facts, handling: v.handling, show_person: v.show_person };
        if (v.published_on) body.published_on = v.published_on;
        await api.post('/api/v1/exposures', body);
        pending = t('sup.ex.published_ok');
        ctx.navigate('#/exposures');
      },
    });
  if (office) {
    const b = h('button', { type: 'button', class: 'btn btn-primary', id: 'exposure-publish', text: t('sup.ex.publish') });
    b.addEventListener('click', () => publishForm(''));
    tools.append(b);
  }
  await fill(list, async () => {
    const items = api.getAll ? await api.getAll('/api/v1/exposures', 'items', {}, 5) : [];
    if (!items.length) return notice(t('sup.ex.empty'), 'info');
    items.sort((a, b) => String(b.published_on).localeCompare(String(a.published_on)) || b.id - a.id);
    return items.map((x) =>
      h(
        'article',
        { class: 'card exposure' + (x.published ? '' : ' is-withdrawn'), dataset: { id: String(x.id), published: x.published ? '1' : '0' }, 'aria-labelledby': 'ex-' + x.id },
        h('h2', { id: 'ex-' + x.id, text: x.title }),
        h('p', { class: 'unit-meta' }, x.published ? badge(t('sup.ex.on_board'), 'ok') : badge(t('sup.ex.withdrawn'), 'muted'), ' ', badge(x.published_on || '', 'code'), ' ', caseLink(x.case_no), ' · ', x.unit ? unitLink(x.unit) : '', x.show_person && x.person ? [' · ', personLink(x.person)] : null),
        dl([
          [t('sup.ex.facts'), x.facts],
          [t('sup.ex.handling'), x.handling],
          [t('sup.ex.show_person'), x.show_person ? t('common.yes') : t('common.no')],
          x.published ? null : [t('sup.ex.unpublish_reason'), x.unpublish_reason],
        ].filter(Boolean)),
        office && x.published
          ? h('button', {
              type: 'button',
              class: 'btn btn-small',
              dataset: { unpublish: String(x.id) },
              text: t('sup.ex.unpublish'),
              on: {
                click: () =>
                  inlineForm(panel, {
                    id: 'unpublish-form',
                    title: t('sup.ex.unpublish') + '：' + x.title,
                    fields: [{ name: 'reason', label: t('sup.a.reason'), kind: 'textarea', required: true }],
                    submit: t('sup.ex.unpublish'),
                    onSubmit: async (v) => {
                      await api.post('/api/v1/exposures/' + x.id + '/unpublish', { reason: v.reason });
                      pending = t('sup.ex.unpublished_ok');
                      ctx.navigate('#/exposures');
                    },
                  }),
              },
            })
          : null,
      ),
    );
  });
  const pre = ctx.query.get('case');
  if (office && pre && ctx.alive()) publishForm(pre);
}


/* ---- #/work: key periods, inspections, decisions (督查检查) ---- */

const KINDS = ['holiday', 'election', 'promotion', 'posting', 'moving_house', 'personnel'];
const PLANNERS = ['office', 'inspector'];

function workNav(ctx, current) {
  const links = [['periods', '#/work', 'sup.w.periods']];
  if (PLANNERS.includes(ctx.role)) links.push(['inspections', '#/work/inspections', 'sup.w.inspections']);
  if ([...PLANNERS, 'viewer'].includes(ctx.role)) links.push(['decisions', '#/work/decisions', 'sup.w.decisions'], ['routines', '#/work/routines', 'sup.w.routines'], ['projects', '#/work/projects', 'sup.w.projects']);
  return h(
    'p',
    { class: 'sup-subnav' },
    links.map(([name, href, key], i) => [i ? ' · ' : null, name === current ? h('strong', { 'aria-current': 'page', text: t(key) }) : h('a', { href, text: t(key) })]),
  );
}

function splitCodes(s) {
  return String(s || '')
    .split(/[\s,，、;；]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

function progressBar(p) {
  const v = Math.max(0, Math.min(100, Number(p) || 0));
  return h('span', { class: 'progress-cell' }, h('progress', { max: '100', value: String(v), 'aria-label': v + '%' }), ' ', h('span', { class: 'num-text', text: v + '%' }));
}

export async function periodsView(main, ctx) {
  const office = ctx.role === 'office';
  let editPeriod = () => {};
  main.append(pageHeader(t('sup.w.title'), t('sup.w.intro'), workNav(ctx, 'periods')), flashBox('work-msg'));
  const upcoming = h('section', { class: 'card', id: 'upcoming', 'aria-labelledby': 'sec-upcoming' }, h('h2', { id: 'sec-upcoming', text: t('sup.kp.upcoming') }));
  const upBody = h('div');
  upcoming.append(upBody);
  const all = h('section', { class: 'card', id: 'periods', 'aria-labelledby': 'sec-periods' }, h('h2', { id: 'sec-periods', text: t('sup.kp.all') }));
  const panel = h('div', { id: 'period-panel' });
  const msg = h('div', { 'aria-live': 'polite' });
  const list = h('div', { id: 'period-list' });
  all.append(msg, panel, list);
  main.append(upcoming, all);
  const redraw = (key) => {
    pending = t(key);
    ctx.navigate(location.hash);
  };
  await fill(upBody, async () => {
    const items = api.listOf(await api.get('/api/v1/key-periods/upcoming', { days: 30 }), 'items');
    if (!items.length) return h('p', { class: 'muted', text: t('sup.kp.none_upcoming') });
    return h(
      'ul',
      { class: 'plain-list', id: 'upcoming-list' },
      items.map((k) =>
        h(
          'li',
          { dataset: { id: String(k.id) } },
          h('strong', { text: k.name }),
          ' ',
          badge(tr('sup.kp.kind.', k.kind), 'cat'),
          ' ',
          k.under_way ? badge(t('sup.kp.under_way'), 'danger') : k.due ? badge(t('sup.kp.remind_now'), 'warn') : null,
          h('div', { class: 'muted', text: t('sup.kp.span', { from: k.starts_on, to: k.ends_on }) + (k.under_way ? '' : ' · ' + t('sup.kp.days_left', { n: k.days_left })) }),
          k.focus ? h('div', { text: t('sup.kp.focus') + '：' + k.focus }) : null,
          k.plan ? h('div', { text: t('sup.kp.plan') + '：' + k.plan }) : null,
        ),
      ),
    );
  });
  await fill(list, async () => {
    const items = api.listOf(await api.get('/api/v1/key-periods'), 'items');
    if (!items.length) return h('p', { class: 'muted', text: t('common.empty') });
    const rows = items.map((k) =>
      h(
        'tr',
        { dataset: { id: String(k.id) } },
        h('td', { text: k.name }),
        h('td', { text: tr('sup.kp.kind.', k.kind) }),
        h('td', { class: 'nowrap', text: k.starts_on + ' – ' + k.ends_on }),
        h('td', { class: 'num', text: String(k.remind_days) }),
        h('td', { text: k.focus || '' }),
        h('td', { class: 'num', text: String(k.inspections || 0) }),
        office
          ? h(
              'td',
              { class: 'nowrap' },
              h('button', { type: 'button', class: 'btn btn-small period-edit', text: t('sup.kp.edit'), on: { click: () => editPeriod(k) } }),
              ' ',
              h('button', {
                type: 'button',
                class: 'btn btn-small',
                text: t('sup.kp.deactivate'),
                on: {
                  click: async (e) => {
                    e.target.disabled = true;
                    clear(msg);
                    try {
                      await api.post('/api/v1/key-periods/' + k.id + '/deactivate');
                      redraw('sup.kp.deactivated');
                    } catch (err) {
                      msg.append(notice(errorText(err), 'error'));
                      e.target.disabled = false;
                    }
                  },
                },
              }),
            )
          : null,
      ),
    );
    return dataTable('period-table', [t('sup.kp.name'), t('sup.kp.kind'), t('sup.kp.dates'), [t('sup.kp.remind_days'), 'num'], t('sup.kp.focus'), [t('sup.w.inspections'), 'num'], ...(office ? [t('common.actions')] : [])], rows, t('sup.kp.all'));
  });
  if (office) {
    /* the same fields to add a period and to change one (k: its current values) */
    const periodFields = (k) => [
      { name: 'name', label: t('sup.kp.name'), required: true, value: k.name },
      { name: 'kind', label: t('sup.kp.kind'), kind: 'select', value: k.kind || 'holiday', options: KINDS.map((x) => [x, t('sup.kp.kind.' + x)]) },
      { name: 'starts_on', label: t('sup.kp.starts_on'), kind: 'date', required: true, value: k.starts_on },
      { name: 'ends_on', label: t('sup.kp.ends_on'), kind: 'date', required: true, value: k.ends_on },
      { name: 'remind_days', label: t('sup.kp.remind_days'), kind: 'number', value: String(k.remind_days ?? 7), min: '0', maxv: '365' },
      { name: 'focus', label: t('sup.kp.focus'), value: k.focus },
      { name: 'plan', label: t('sup.kp.plan'), kind: 'textarea', rows: '2', value: k.plan },
    ];
    editPeriod = (k) =>
      inlineForm(panel, {
        id: 'period-edit-form',
        title: t('sup.kp.edit') + '：' + k.name,
        fields: periodFields(k),
        submit: t('common.save'),
        onSubmit: async (v) => {
          /* only what changed is sent */
          const body = {};
          for (const f of ['name', 'kind', 'starts_on', 'ends_on', 'focus', 'plan']) if ((v[f] || '') !== (k[f] || '')) body[f] = v[f];
          if (v.remind_days !== '' && Number(v.remind_days) !== k.remind_days) body.remind_days = Number(v.remind_days);
          if (Object.keys(body).length) await api.patch('/api/v1/key-periods/' + k.id, body);
          redraw('sup.kp.changed');
        },
      });
    const b = h('button', { type: 'button', class: 'btn', id: 'period-add', text: t('sup.kp.add') });
    b.addEventListener('click', () =>
      inlineForm(panel, {
        id: 'period-form',
        title: t('sup.kp.add'),
        fields: periodFields({}),
        submit: t('common.save'),
        onSubmit: async (v) => {
          const body = { name: v.name, kind: v.kind, starts_on: v.starts_on, ends_on: v.ends_on };
          if (v.remind_days !== '') body.remind_days = Number(v.remind_days);
          if (v.focus) body.focus = v.focus;
          if (v.plan) body.plan = v.plan;
          await api.post('/api/v1/key-periods', body);
          redraw('sup.kp.added');
        },
      }),
    );
    all.insertBefore(h('div', { class: 'row-actions' }, b), msg);
  }
}

export async function inspectionsView(main, ctx) {
  const inspector = ctx.role === 'inspector';
  main.append(pageHeader(t('sup.w.inspections'), t('sup.in2.intro'), workNav(ctx, 'inspections')), flashBox('work-msg'));
  const panel = h('div', { id: 'inspection-panel' });
  const list = h('div', { id: 'inspection-list' });
  if (inspector) {
    const b = h('button', { type: 'button', class: 'btn btn-primary', id: 'inspection-add', text: t('sup.in2.add') });
    b.addEventListener('click', async () => {
      const periods = api.listOf(await api.get('/api/v1/key-periods').catch(() => ({ items: [] })), 'items');
      inlineForm(panel, {
        id: 'inspection-form',
        title: t('sup.in2.add'),
        fields: [
          { name: 'title', label: t('sup.in2.title_field'), required: true },
          { name: 'mode', label: t('sup.in2.mode'), kind: 'select', value: 'covert', options: [['covert', t('sup.in2.mode.covert')], ['open', t('sup.in2.mode.open')]] },
          { name: 'planned_on', label: t('sup.in2.planned_on'), kind: 'date', required: true },
          { name: 'key_period', label: t('sup.in2.key_period'), kind: 'select', value: '', options: [['', t('common.none')], ...periods.map((k) => [String(k.id), k.name])] },
          { name: 'team', label: t('sup.in2.team'), required: true, hint: t('sup.in2.team_hint') },
          { name: 'targets', label: t('sup.in2.targets'), required: true, hint: t('sup.in2.targets_hint') },
          { name: 'plan', label: t('sup.kp.plan'), kind: 'textarea', rows: '2' },
        ],
        submit: t('common.save'),
        onSubmit: async (v) => {
          const body = { title: v.title, mode: v.mode, planned_on: v.planned_on, team: splitCodes(v.team), targets: splitCodes(v.targets) };
          if (v.key_period) body.key_period = Number(v.key_period);
          if (v.plan) body.plan = v.plan;
          const r = await api.post('/api/v1/inspections', body);
          pending = t('sup.in2.added');
          ctx.navigate('#/work/inspections/' + r.id);
        },
      });
    });
    main.append(h('div', { class: 'round-actions' }, b), panel);
  }
  main.append(list);
  await fill(list, async () => {
    const items = await api.getAll('/api/v1/inspections', 'items', {}, 5);
    if (!items.length) return notice(t('common.empty'), 'info');
    const rows = items.map((x) =>
      h(
        'tr',
        { dataset: { id: String(x.id), state: x.state } },
        h('td', null, h('a', { href: '#/work/inspections/' + x.id, text: x.title })),
        h('td', { text: tr('sup.in2.mode.', x.mode) }),
        h('td', { class: 'nowrap', text: x.planned_on || '' }),
        h('td', { class: 'nowrap', text: x.done_on || '—' }),
        h('td', null, badge(tr('sup.in2.state.', x.state), x.state === 'done' ? 'ok' : 'info')),
        h('td', { class: 'num', text: String(x.targets ?? '') }),
        h('td', { class: 'num', text: String(x.findings ?? '') }),
      ),
    );
    return dataTable('inspection-table', [t('sup.in2.title_field'), t('sup.in2.mode'), t('sup.in2.planned_on'), t('sup.in2.done_on'), t('sup.col.state'), [t('sup.in2.targets'), 'num'], [t('sup.in2.findings'), 'num']], rows, t('sup.w.inspections'));
  });
}

export async function inspectionView(main, ctx) {
  const id = ctx.params.id;
  const inspector = ctx.role === 'inspector';
  const head = h('div', { class: 'page-head' }, h('p', { class: 'crumbs' }, h('a', { href: '#/work/inspections', text: t('sup.w.inspections') })), h('h1', { tabindex: '-1', text: '#' + id }));
  const actions = h('div', { class: 'round-actions', id: 'inspection-actions' });
  const panel = h('div', { id: 'inspection-panel' });
  const body = h('div', { id: 'inspection-body' });
  main.append(head, flashBox('work-msg'), actions, panel, body);
  let x = null;
  let cats = [];
  await fill(body, async () => {
    x = await api.get('/api/v1/inspections/' + api.enc(id));
    cats = await loadIntakeLists()
      .then((l) => l.categories || [])
      .catch(() => []);
    head.querySelector('h1').textContent = x.title;
    head.append(h('p', { class: 'unit-meta' }, badge(tr('sup.in2.mode.', x.mode), 'cat'), ' ', badge(tr('sup.in2.state.', x.state), x.state === 'done' ? 'ok' : 'info')));
    const catName = (c) => (cats.find((k) => k.code === c) || {}).name || c;
    return [
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sec-insp' },
        h('h2', { id: 'sec-insp', text: t('unit.details') }),
        dl([
          [t('sup.in2.planned_on'), x.planned_on],
          [t('sup.in2.done_on'), x.done_on],
          [t('sup.in2.key_period'), x.key_period ? x.key_period.name : ''],
          [t('sup.kp.plan'), x.plan],
          [t('sup.in2.summary'), x.summary],
          ...(x.state === 'cancelled' ? [[t('sup.in2.cancel_reason'), x.cancel_reason]] : []),
          [t('sup.in2.team'), (x.team || []).map((p, i) => [i ? '、' : '', personLink(p)])],
          [t('sup.in2.targets'), (x.targets || []).map((u, i) => [i ? '、' : '', unitLink(u)])],
        ]),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sec-insp-f' },
        h('h2', { id: 'sec-insp-f', text: t('sup.in2.findings') }),
        (x.findings || []).length
          ? dataTable(
              'inspection-findings',
              [t('sup.in2.found_on'), t('sup.col.unit'), t('sup.case.person'), t('sup.case.category'), t('sup.in2.description'), t('sup.col.case_no')],
              x.findings.map((f) => h('tr', null, h('td', { class: 'nowrap', text: f.found_on || '' }), h('td', null, f.unit ? unitLink(f.unit) : '—'), h('td', null, f.person ? personLink(f.person) : '—'), h('td', { text: catName(f.category) }), h('td', { text: f.description || '' }), h('td', null, f.case_no ? caseLink(f.case_no) : '—'))),
              t('sup.in2.findings'),
            )
          : h('p', { class: 'muted', text: t('sup.in2.no_findings') }),
      ),
    ];
  });
  if (!x || !inspector || !ctx.alive()) return;
  const go = (key, path) => async (body) => {
    await api.post('/api/v1/inspections/' + api.enc(id) + path, body);
    pending = t(key);
    ctx.navigate(location.hash);
  };
  const add = h('button', { type: 'button', class: 'btn btn-primary', id: 'inspection-finding', text: t('sup.in2.add_finding') });
  add.addEventListener('click', () =>
    inlineForm(panel, {
      id: 'ifinding-form',
      title: t('sup.in2.add_finding'),
      fields: [
        { name: 'unit', label: t('sup.col.unit'), kind: 'select', required: true, value: '', options: [['', t('sup.a.choose')], ...(x.targets || []).map((u) => [u.code, u.name])] },
        { name: 'person', label: t('sup.in.person'), hint: t('sup.in.person_hint') },
        { name: 'category', label: t('sup.case.category'), kind: 'select', value: 'other', options: cats.map((c) => [c.code, c.name]) },
        { name: 'found_on', label: t('sup.in2.found_on'), kind: 'date', value: today() },
        { name: 'description', label: t('sup.in2.description'), kind: 'textarea', required: true },
        { name: 'open_case', label: t('sup.in2.open_case'), kind: 'check', value: true },
      ],
      submit: t('common.save'),
      onSubmit: (v) => {
        const body = { unit: v.unit, category: v.category, description: v.description, open_case: v.open_case };
        if (v.person) body.person = v.person;
        if (v.found_on) body.found_on = v.found_on;
        return go('sup.in2.finding_added', '/findings')(body);
      },
    }),
  );
  if (x.state === 'cancelled') return;
  actions.append(add);
  if (x.state === 'planned') {
    const done = h('button', { type: 'button', class: 'btn', id: 'inspection-complete', text: t('sup.in2.complete') });
    done.addEventListener('click', () =>
      inlineForm(panel, {
        id: 'complete-form',
        title: t('sup.in2.complete'),
        fields: [
          { name: 'done_on', label: t('sup.in2.done_on'), kind: 'date', value: today() },
          { name: 'summary', label: t('sup.in2.summary'), kind: 'textarea', required: true },
        ],
        submit: t('sup.in2.complete'),
        onSubmit: (v) => go('sup.in2.completed', '/complete')({ done_on: v.done_on || undefined, summary: v.summary }),
      }),
    );
    const cancel = h('button', { type: 'button', class: 'btn', id: 'inspection-cancel', text: t('sup.in2.cancel') });
    cancel.addEventListener('click', () =>
      inlineForm(panel, {
        id: 'cancel-form',
        title: t('sup.in2.cancel'),
        fields: [{ name: 'reason', label: t('sup.in2.cancel_reason'), kind: 'textarea', required: true }],
        submit: t('sup.in2.cancel'),
        onSubmit: (v) => go('sup.in2.cancelled', '/cancel')({ reason: v.reason }),
      }),
    );
    actions.append(' ', done, ' ', cancel);
  }
}

export async function decisionsView(main, ctx) {
  const office = ctx.role === 'office';
  main.append(pageHeader(t('sup.w.decisions'), t('sup.dc.intro'), workNav(ctx, 'decisions')), flashBox('work-msg'));
  const panel = h('div', { id: 'decision-panel' });
  const list = h('div', { id: 'decision-list' });
  const late = h('section', { class: 'card', id: 'late-tasks', 'aria-labelledby': 'sec-late' }, h('h2', { id: 'sec-late', text: t('sup.dc.late') }));
  const lateBody = h('div');
  late.append(lateBody);
  if (office) {
    const b = h('button', { type: 'button', class: 'btn btn-primary', id: 'decision-add', text: t('sup.dc.add') });
    b.addEventListener('click', () =>
      inlineForm(panel, {
        id: 'decision-form',
        title: t('sup.dc.add'),
        fields: [
          { name: 'title', label: t('sup.dc.title_field'), required: true },
          { name: 'source', label: t('sup.dc.source'), required: true, hint: t('sup.dc.source_hint') },
          { name: 'decided_on', label: t('sup.dc.decided_on'), kind: 'date', value: today() },
        ],
        submit: t('common.save'),
        onSubmit: async (v) => {
          const r = await api.post('/api/v1/decisions', { title: v.title, source: v.source, decided_on: v.decided_on || undefined });
          pending = t('sup.dc.added');
          ctx.navigate('#/work/decisions/' + r.id);
        },
      }),
    );
    main.append(h('div', { class: 'round-actions' }, b), panel);
  }
  main.append(list, late);
  await fill(list, async () => {
    const items = await api.getAll('/api/v1/decisions', 'items', {}, 5);
    if (!items.length) return notice(t('common.empty'), 'info');
    const rows = items.map((d) =>
      h(
        'tr',
        { dataset: { id: String(d.id) } },
        h('td', null, h('a', { href: '#/work/decisions/' + d.id, text: d.title })),
        h('td', { text: d.source || '' }),
        h('td', { class: 'nowrap', text: d.decided_on || '' }),
        h('td', null, progressBar(d.tasks ? (100 * d.done) / d.tasks : 0), h('div', { class: 'muted', text: t('sup.dc.done_of', { done: d.done, n: d.tasks }) })),
      ),
    );
    return dataTable('decision-table', [t('sup.dc.title_field'), t('sup.dc.source'), t('sup.dc.decided_on'), t('sup.dc.tasks_done')], rows, t('sup.w.decisions'));
  });
  await fill(lateBody, () => lateTasks());
}

async function lateTasks() {
  const items = api.listOf(await api.get('/api/v1/decisions/tasks/overdue'), 'items');
  if (!items.length) return h('p', { class: 'muted', text: t('sup.dc.no_late') });
  return dataTable(
    'late-table',
    [t('sup.dc.task'), t('sup.w.decisions'), t('sup.dc.unit'), t('sup.dc.deadline'), [t('sup.col.days_over'), 'num'], t('sup.dc.progress')],
    items.map((x) => h('tr', { dataset: { id: String(x.id) } }, h('td', null, h('a', { href: '#/work/tasks/' + x.id, text: x.title })), h('td', { text: x.decision ? x.decision.title : '' }), h('td', null, x.unit ? unitLink(x.unit) : '—'), h('td', { class: 'nowrap', text: x.deadline || '' }), h('td', { class: 'num', text: String(x.days_overdue ?? '') }), h('td', null, progressBar(x.progress)))),
    t('sup.dc.late'),
  );
}

export async function decisionView(main, ctx) {
  const id = ctx.params.id;
  const office = ctx.role === 'office';
  const head = h('div', { class: 'page-head' }, h('p', { class: 'crumbs' }, h('a', { href: '#/work/decisions', text: t('sup.w.decisions') })), h('h1', { tabindex: '-1', text: '#' + id }));
  const actions = h('div', { class: 'round-actions', id: 'decision-actions' });
  const panel = h('div', { id: 'task-panel' });
  const body = h('div', { id: 'decision-body' });
  main.append(head, flashBox('work-msg'), actions, panel, body);
  let d = null;
  await fill(body, async () => {
    d = await api.get('/api/v1/decisions/' + api.enc(id));
    head.querySelector('h1').textContent = d.title;
    head.append(h('p', { class: 'unit-meta', text: [d.source, d.decided_on].filter(Boolean).join(' · ') }));
    const tasks = d.tasks || [];
    if (!tasks.length) return notice(t('sup.dc.no_tasks'), 'info');
    return dataTable(
      'task-table',
      [t('sup.dc.task'), t('sup.dc.unit'), t('sup.dc.deadline'), t('sup.dc.progress'), t('sup.col.state')],
      tasks.map((x) => h('tr', { dataset: { id: String(x.id), status: x.status } }, h('td', null, h('a', { href: '#/work/tasks/' + x.id, text: x.title })), h('td', null, x.unit ? unitLink(x.unit) : '—'), h('td', { class: 'nowrap' }, x.deadline || '', x.status === 'open' && x.deadline && x.deadline < today() ? [' ', overdueBadge()] : null), h('td', null, progressBar(x.progress)), h('td', null, badge(tr('sup.dc.status.', x.status), x.status === 'done' ? 'ok' : x.status === 'cancelled' ? 'muted' : 'info')))),
      t('sup.dc.tasks'),
    );
  });
  if (!d || !office || !ctx.alive()) return;
  const units = await loadUnits();
  const b = h('button', { type: 'button', class: 'btn btn-primary', id: 'task-add', text: t('sup.dc.add_task') });
  b.addEventListener('click', () =>
    inlineForm(panel, {
      id: 'task-form',
      title: t('sup.dc.add_task'),
      fields: [
        { name: 'title', label: t('sup.dc.task'), required: true },
        { name: 'unit', label: t('sup.dc.unit'), kind: 'select', required: true, value: '', options: [['', t('sup.a.choose')], ...units.filter((u) => u.active !== false).map((u) => [u.code, u.code + ' ' + u.name])] },
        { name: 'deadline', label: t('sup.dc.deadline'), kind: 'date', required: true },
        { name: 'milestones', label: t('sup.dc.milestones'), kind: 'textarea', rows: '3', hint: t('sup.dc.milestones_hint') },
      ],
      submit: t('common.save'),
      onSubmit: async (v) => {
        const body = { title: v.title, unit: v.unit, deadline: v.deadline };
        const ms = v.milestones
          .split(/\n+/)
          .map((s) => s.trim())
          .filter(Boolean);
        if (ms.length) body.milestones = ms;
        await api.post('/api/v1/decisions/' + api.enc(id) + '/tasks', body);
        pending = t('sup.dc.task_added');
        ctx.navigate(location.hash);
      },
    }),
  );
  actions.append(b);
}

export async function taskView(main, ctx) {
  const id = ctx.params.id;
  const head = h('div', { class: 'page-head' }, h('p', { class: 'crumbs' }, PLANNERS.includes(ctx.role) || ctx.role === 'viewer' ? h('a', { href: '#/work/decisions', text: t('sup.w.decisions') }) : null), h('h1', { tabindex: '-1', text: '#' + id }));
  const actions = h('div', { class: 'round-actions', id: 'task-actions' });
  const panel = h('div', { id: 'progress-panel' });
  const body = h('div', { id: 'task-body' });
  main.append(head, flashBox('work-msg'), actions, panel, body);
  let x = null;
  const may = ctx.role === 'office' || UNIT.includes(ctx.role);
  const msMsg = h('div', { 'aria-live': 'polite' });
  await fill(body, async () => {
    x = await api.get('/api/v1/decisions/tasks/' + api.enc(id));
    head.querySelector('h1').textContent = x.title;
    if (x.decision) head.querySelector('.crumbs').append(' ', h('a', { href: '#/work/decisions/' + x.decision.id, text: x.decision.title }));
    const open = x.status === 'open';
    const markDone = (m) => async (e) => {
      e.target.disabled = true;
      clear(msMsg);
      try {
        await api.post('/api/v1/decisions/tasks/' + api.enc(id) + '/milestones/' + m.id + '/done');
        pending = t('sup.dc.milestone_done');
        ctx.navigate(location.hash);
      } catch (err) {
        msMsg.append(notice(errorText(err), 'error'));
        e.target.disabled = false;
      }
    };
    return [
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sec-task' },
        h('h2', { id: 'sec-task', text: t('unit.details') }),
        dl([
          [t('sup.dc.unit'), x.unit ? unitLink(x.unit) : ''],
          [t('sup.dc.deadline'), h('span', null, x.deadline || '', open && x.deadline && x.deadline < today() ? [' ', overdueBadge()] : null)],
          [t('sup.dc.progress'), progressBar(x.progress)],
          [t('sup.col.state'), badge(tr('sup.dc.status.', x.status), x.status === 'done' ? 'ok' : 'info')],
          [t('sup.dc.done_on'), x.done_on],
        ]),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sec-ms' },
        h('h2', { id: 'sec-ms', text: t('sup.dc.milestones') }),
        msMsg,
        (x.milestones || []).length
          ? h(
              'ul',
              { class: 'plain-list', id: 'milestones' },
              x.milestones.map((m) => h('li', { dataset: { id: String(m.id) } }, m.done_on ? badge(t('sup.dc.ms_done'), 'ok') : badge(t('sup.dc.ms_open'), m.due_on < today() ? 'danger' : 'muted'), ' ', m.name, h('span', { class: 'muted', text: '（' + t('sup.dc.ms_due', { d: m.due_on || '' }) + (m.done_on ? '，' + t('sup.dc.ms_done_on', { d: m.done_on }) : '') + '）' }), may && open && !m.done_on ? [' ', h('button', { type: 'button', class: 'btn btn-small', text: t('sup.dc.mark_done'), on: { click: markDone(m) } })] : null)),
            )
          : h('p', { class: 'muted', text: t('common.none') }),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sec-history' },
        h('h2', { id: 'sec-history', text: t('sup.dc.history') }),
        dataTable('history-table', [t('sup.tl.at'), t('sup.tl.actor'), [t('sup.dc.progress'), 'num'], t('sup.col.state'), t('sup.tl.note')], (x.history || []).map((e) => h('tr', null, h('td', null, timeCell(e.at)), h('td', { text: e.actor || '' }), h('td', { class: 'num', text: e.progress + '%' }), h('td', { text: tr('sup.dc.status.', e.status) }), h('td', { text: e.note || '' }))), t('sup.dc.history')),
      ),
    ];
  });
  if (!x || !may || x.status !== 'open' || !ctx.alive()) return;
  const b = h('button', { type: 'button', class: 'btn btn-primary', id: 'task-progress', text: t('sup.dc.report') });
  b.addEventListener('click', () =>
    inlineForm(panel, {
      id: 'progress-form',
      title: t('sup.dc.report'),
      fields: [
        { name: 'progress', label: t('sup.dc.progress_pct'), kind: 'number', min: '0', maxv: '100', value: String(x.progress ?? 0) },
        { name: 'status', label: t('sup.col.state'), kind: 'select', value: 'open', options: [['open', t('sup.dc.status.open')], ['done', t('sup.dc.status.done')], ...(ctx.role === 'office' ? [['cancelled', t('sup.dc.status.cancelled')]] : [])] },
        { name: 'note', label: t('sup.dc.note'), kind: 'textarea', required: true, rows: '2' },
      ],
      submit: t('sup.dc.report'),
      onSubmit: async (v) => {
        const body = { status: v.status, note: v.note };
        if (v.progress !== '') {
          const n = Number(v.progress);
          if (!Number.isInteger(n)) throw new api.ApiError(400, 'invalid', t('sup.dc.progress_hint'), 'progress');
          body.progress = n;
        }
        await api.post('/api/v1/decisions/tasks/' + api.enc(id) + '/progress', body);
        pending = t('sup.dc.reported');
        ctx.navigate(location.hash);
      },
    }),
  );
  actions.append(b);
}

/* ---- #/stations: service stations and their leaders' phone card ---- */

export async function stationsView(main, ctx) {
  const office = ctx.role === 'office';
  main.append(pageHeader(t('sup.st.title'), t('sup.st.intro')), flashBox('stations-msg'));
  const panel = h('div', { id: 'station-panel' });
  const list = h('div', { id: 'station-list' });
  if (office) {
    const units = await loadUnits();
    const b = h('button', { type: 'button', class: 'btn btn-primary', id: 'station-add', text: t('sup.st.add') });
    b.addEventListener('click', () =>
      inlineForm(panel, {
        id: 'station-form',
        title: t('sup.st.add'),
        fields: [
          { name: 'name', label: t('sup.st.name'), required: true },
          { name: 'unit', label: t('sup.dc.unit'), kind: 'select', required: true, value: '', options: [['', t('sup.a.choose')], ...units.filter((u) => u.active !== false).map((u) => [u.code, u.code + ' ' + u.name])] },
          { name: 'place', label: t('sup.st.place'), required: true },
        ],
        submit: t('common.save'),
        onSubmit: async (v) => {
          const r = await api.post('/api/v1/stations', v);
          pending = t('sup.st.added');
          ctx.navigate('#/stations/' + r.id);
        },
      }),
    );
    main.append(h('div', { class: 'round-actions' }, b), panel);
  }
  if (ctx.role === 'supervisor') main.append(h('div', { class: 'round-actions' }, h('a', { class: 'btn btn-primary', href: '#/cases', text: t('sup.st.forward') })));
  main.append(list);
  await fill(list, async () => {
    const items = await api.getAll('/api/v1/stations', 'items', {}, 5);
    if (!items.length) return notice(t('common.empty'), 'info');
    const rows = items.map((s) => h('tr', { dataset: { id: String(s.id) } }, h('td', null, h('a', { href: '#/stations/' + s.id, text: s.name })), h('td', null, s.unit ? unitLink(s.unit) : '—'), h('td', { text: s.place || '' }), h('td', { class: 'num', text: String(s.supervisors ?? 0) }), h('td', null, s.active === false ? badge(t('common.inactive'), 'muted') : badge(t('common.active'), 'ok'))));
    return dataTable('station-table', [t('sup.st.name'), t('sup.dc.unit'), t('sup.st.place'), [t('sup.st.supervisors'), 'num'], t('unit.status')], rows, t('sup.st.title'));
  });
}

export async function stationView(main, ctx) {
  const id = ctx.params.id;
  const office = ctx.role === 'office';
  const head = h('div', { class: 'page-head no-print' }, h('p', { class: 'crumbs' }, h('a', { href: '#/stations', text: t('sup.st.title') })), h('h1', { tabindex: '-1', text: '#' + id }));
  const actions = h('div', { class: 'round-actions no-print', id: 'station-actions' });
  const panel = h('div', { id: 'station-panel', class: 'no-print' });
  const body = h('div', { id: 'station-body' });
  main.append(head, flashBox('stations-msg'), actions, panel, body);
  let st = null;
  let card = null;
  await fill(body, async () => {
    [st, card] = await Promise.all([api.get('/api/v1/stations/' + api.enc(id)), api.get('/api/v1/stations/' + api.enc(id) + '/card')]);
    head.querySelector('h1').textContent = st.name;
    const leaders = card.leaders || [];
    return [
      h(
        'section',
        { class: 'card no-print', 'aria-labelledby': 'sec-st' },
        h('h2', { id: 'sec-st', text: t('unit.details') }),
        dl([
          [t('sup.dc.unit'), st.unit ? unitLink(st.unit) : ''],
          [t('sup.st.place'), st.place],
          [t('sup.col.state'), st.active ? t('sup.st.open') : badge(t('sup.st.closed'), 'danger')],
          [t('sup.st.supervisors'), (st.supervisors || []).length ? (st.supervisors || []).map((s, i) => [i ? '、' : '', s.display_name || s.username]) : t('common.none')],
        ]),
      ),
      h(
        'section',
        { class: 'card phone-card', id: 'phone-card', 'aria-labelledby': 'sec-card' },
        h('h2', { id: 'sec-card', text: t('sup.st.card_title', { name: (card.station && card.station.name) || st.name }) }),
        h('p', { class: 'muted', text: [(card.station && card.station.place) || st.place, card.unit && card.unit.name].filter(Boolean).join(' · ') }),
        leaders.length
          ? dataTable(
              'card-table',
              [t('sup.st.leader'), t('sup.fd.post'), t('sup.fd.relation'), t('sup.st.phone')],
              leaders.map((l) => h('tr', { dataset: { person: l.code } }, h('td', { text: l.name }), h('td', { text: l.title || l.post || '' }), h('td', { text: tr('relation.', l.relation, l.relation_zh) }), h('td', { class: 'nowrap phone', text: l.phone || t('sup.st.no_phone') }))),
              t('sup.st.card'),
            )
          : h('p', { class: 'muted', text: t('sup.st.no_leaders') }),
        h('p', { class: 'hint', text: t('sup.st.card_foot') }),
      ),
    ];
  });
  if (!st || !ctx.alive()) return;
  actions.append(
    h('button', { type: 'button', class: 'btn', id: 'card-print', text: t('sup.st.print'), on: { click: () => window.print() } }),
    ' ',
    h('a', { class: 'btn', href: '/api/v1/stations/' + encodeURIComponent(id) + '/card?format=csv', download: 'station-card.csv', text: t('sup.export_csv') }),
  );
  if (!office) return;
  const leaders = (card && card.leaders) || [];
  const phone = h('button', { type: 'button', class: 'btn btn-primary', id: 'card-phone', text: t('sup.st.set_phone') });
  phone.addEventListener('click', () =>
    inlineForm(panel, {
      id: 'phone-form',
      title: t('sup.st.set_phone'),
      fields: [
        { name: 'person', label: t('sup.st.leader'), kind: 'select', required: true, value: '', options: [['', t('sup.a.choose')], ...leaders.map((l) => [l.code, l.name + '（' + (l.title || l.post || '') + '）'])] },
        { name: 'phone', label: t('sup.st.phone'), required: true, hint: t('sup.in.phone_hint') },
      ],
      submit: t('common.save'),
      onSubmit: async (v) => {
        await api.request('PUT', '/api/v1/stations/' + api.enc(id) + '/card', { body: { person: v.person, phone: v.phone } });
        pending = t('sup.st.phone_set');
        ctx.navigate(location.hash);
      },
    }),
  );
  const sup = h('button', { type: 'button', class: 'btn', id: 'station-supervisor', text: t('sup.st.add_supervisor') });
  sup.addEventListener('click', () =>
    inlineForm(panel, {
      id: 'supervisor-form',
      title: t('sup.st.add_supervisor'),
      fields: [{ name: 'username', label: t('sup.st.username'), required: true, hint: t('sup.st.username_hint') }],
      submit: t('common.save'),
      onSubmit: async (v) => {
        await api.post('/api/v1/stations/' + api.enc(id) + '/supervisors', { username: v.username });
        pending = t('sup.st.supervisor_added');
        ctx.navigate(location.hash);
      },
    }),
  );
  const toggle = h('button', {
    type: 'button',
    class: 'btn',
    id: 'station-toggle',
    text: st.active ? t('sup.st.close') : t('sup.st.reopen'),
    on: {
      click: async (e) => {
        e.target.disabled = true;
        try {
          await api.post('/api/v1/stations/' + api.enc(id) + (st.active ? '/deactivate' : '/activate'));
          pending = t(st.active ? 'sup.st.closed_msg' : 'sup.st.reopened_msg');
          ctx.navigate(location.hash);
        } catch (err) {
          panel.replaceChildren(notice(errorText(err), 'error'));
          e.target.disabled = false;
        }
      },
    },
  });
  /* a closed station takes no supervisor */
  if (st.active) actions.append(' ', phone, ' ', sup, ' ', toggle);
  else actions.append(' ', phone, ' ', toggle);
}

/* ---- integrity routines (S6, S9): meetings, reports, talks, tours, audits, inquiries ---- */

const ROUTINE_KINDS = ['appraisal_meeting', 'opinion_meeting', 'democratic_life', 'duty_report', 'admonishment_talk', 'inspection_tour', 'audit', 'inquiry'];

export async function routinesView(main, ctx) {
  const writer = [...PLANNERS, 'unit_leader'].includes(ctx.role);
  const own = ctx.role === 'unit_leader' ? ctx.session && ctx.session.user && ctx.session.user.unit : null;
  main.append(pageHeader(t('sup.w.routines'), t('sup.rt.intro'), ctx.role === 'unit_leader' ? null : workNav(ctx, 'routines')), flashBox('work-msg'));
  const panel = h('div', { id: 'routine-panel' });
  const list = h('div', { id: 'routine-list' });
  const redraw = (key) => {
    pending = t(key);
    ctx.navigate(location.hash);
  };
  const edit = (x) =>
    inlineForm(panel, {
      id: 'routine-edit-form',
      title: t('sup.rt.edit') + '：' + x.title,
      fields: [
        { name: 'title', label: t('sup.rt.title_field'), required: true, value: x.title },
        { name: 'held_on', label: t('sup.rt.held_on'), kind: 'date', required: true, value: x.held_on },
        { name: 'issues', label: t('sup.rt.issues'), kind: 'number', min: '0', value: String(x.issues ?? 0) },
        { name: 'resolved', label: t('sup.rt.resolved'), kind: 'number', min: '0', value: String(x.resolved ?? 0) },
        { name: 'outcome', label: t('sup.rt.outcome'), kind: 'textarea', rows: '2', value: x.outcome },
      ],
      submit: t('common.save'),
      onSubmit: async (v) => {
        /* only what changed is sent */
        const body = {};
        for (const f of ['title', 'held_on', 'outcome']) if ((v[f] || '') !== (x[f] || '')) body[f] = v[f];
        for (const f of ['issues', 'resolved']) if (v[f] !== '' && Number(v[f]) !== x[f]) body[f] = Number(v[f]);
        if (Object.keys(body).length) await api.patch('/api/v1/routines/' + x.id, body);
        redraw('sup.rt.changed');
      },
    });
  main.append(panel, list);
  await fill(list, async () => {
    const items = await api.getAll('/api/v1/routines', 'items', own ? { unit: own } : {}, 10);
    if (!items.length) return h('p', { class: 'muted', text: t('common.empty') });
    const rows = items.map((x) =>
      h(
        'tr',
        { dataset: { id: String(x.id) } },
        h('td', { class: 'nowrap', text: x.held_on || '' }),
        h('td', { text: t('sup.rt.kind.' + x.kind) }),
        h('td', null, x.unit ? unitLink(x.unit) : '—'),
        h('td', { text: x.title || '' }),
        h('td', { class: 'num', text: (x.resolved ?? 0) + ' / ' + (x.issues ?? 0) }),
        h('td', { text: x.outcome || '' }),
        writer ? h('td', null, h('button', { type: 'button', class: 'btn btn-small routine-edit', text: t('sup.kp.edit'), on: { click: () => edit(x) } })) : null,
      ),
    );
    return dataTable('routine-table', [t('sup.rt.held_on'), t('sup.rt.kind'), t('sup.rt.unit'), t('sup.rt.title_field'), [t('sup.rt.settled'), 'num'], t('sup.rt.outcome'), ...(writer ? [t('common.actions')] : [])], rows, t('sup.w.routines'));
  });
  if (!writer || !ctx.alive()) return;
  const add = h('button', { type: 'button', class: 'btn btn-primary', id: 'routine-add', text: t('sup.rt.add') });
  add.addEventListener('click', () =>
    inlineForm(panel, {
      id: 'routine-form',
      title: t('sup.rt.add'),
      fields: [
        { name: 'kind', label: t('sup.rt.kind'), kind: 'select', value: 'democratic_life', options: ROUTINE_KINDS.map((k) => [k, t('sup.rt.kind.' + k)]) },
        ...(own ? [] : [{ name: 'unit', label: t('sup.rt.unit'), required: true, hint: t('sup.rt.unit_hint') }]),
        { name: 'held_on', label: t('sup.rt.held_on'), kind: 'date', required: true, value: today() },
        { name: 'title', label: t('sup.rt.title_field'), required: true },
        { name: 'people', label: t('sup.rt.people'), hint: t('sup.in2.team_hint') },
        { name: 'participants', label: t('sup.rt.participants') },
        { name: 'issues', label: t('sup.rt.issues'), kind: 'number', min: '0', value: '0' },
        { name: 'resolved', label: t('sup.rt.resolved'), kind: 'number', min: '0', value: '0' },
        { name: 'outcome', label: t('sup.rt.outcome'), kind: 'textarea', rows: '2' },
      ],
      submit: t('common.save'),
      onSubmit: async (v) => {
        const body = { kind: v.kind, held_on: v.held_on, title: v.title };
        if (v.unit) body.unit = v.unit;
        const people = splitCodes(v.people);
        if (people.length) body.people = people;
        for (const f of ['participants', 'outcome']) if (v[f]) body[f] = v[f];
        for (const f of ['issues', 'resolved']) if (v[f] !== '') body[f] = Number(v[f]);
        await api.post('/api/v1/routines', body);
        redraw('sup.rt.added');
      },
    }),
  );
  main.insertBefore(h('div', { class: 'round-actions' }, add), panel);
}

/* ---- #/work/projects: key construction projects (S2) and their discipline inspectors ---- */

const PROJECT_KIND = { active: 'info', suspended: 'warn', completed: 'ok' };

function projectBadge(state) {
  return badge(tr('sup.pj.state.', state), PROJECT_KIND[state] || '');
}

function budgetText(b) {
  return b === null || b === undefined ? '—' : t('sup.pj.wan', { n: Number(b).toLocaleString('zh-CN', { maximumFractionDigits: 2 }) });
}

export async function projectsView(main, ctx) {
  const planner = PLANNERS.includes(ctx.role);
  const unitScoped = ['unit_leader', 'unit_staff'].includes(ctx.role);
  const unit = (ctx.query && ctx.query.get('unit')) || '';
  main.append(pageHeader(t('sup.w.projects'), t('sup.pj.intro'), unitScoped ? null : workNav(ctx, 'projects')), flashBox('work-msg'));
  if (unit && !unitScoped) main.append(h('p', { class: 'filter-note', id: 'project-filter' }, t('sup.pj.only_unit', { unit }), ' ', h('a', { href: '#/work/projects', text: t('sup.pj.all') })));
  const panel = h('div', { id: 'project-panel' });
  const list = h('div', { id: 'project-list' });
  if (planner) {
    const b = h('button', { type: 'button', class: 'btn btn-primary', id: 'project-add', text: t('sup.pj.add') });
    b.addEventListener('click', () =>
      inlineForm(panel, {
        id: 'project-form',
        title: t('sup.pj.add'),
        fields: [
          { name: 'code', label: t('sup.pj.code'), required: true },
          { name: 'name', label: t('sup.pj.name'), required: true },
          { name: 'unit', label: t('sup.pj.unit'), required: true, hint: t('sup.pj.unit_hint') },
          { name: 'starts_on', label: t('sup.pj.starts_on'), kind: 'date', required: true },
          { name: 'ends_on', label: t('sup.pj.ends_on'), kind: 'date' },
          { name: 'budget', label: t('sup.pj.budget'), kind: 'number', step: 'any', min: '0' },
          { name: 'inspectors', label: t('sup.pj.inspectors'), required: true, hint: t('sup.pj.inspectors_hint') },
        ],
        submit: t('common.save'),
        onSubmit: async (v) => {
          const body = { code: v.code, name: v.name, unit: v.unit, starts_on: v.starts_on, inspectors: splitCodes(v.inspectors) };
          if (v.ends_on) body.ends_on = v.ends_on;
          if (v.budget !== '') body.budget = Number(v.budget);
          const r = await api.post('/api/v1/projects', body);
          pending = t('sup.pj.added');
          ctx.navigate('#/work/projects/' + r.id);
        },
      }),
    );
    main.append(h('div', { class: 'round-actions' }, b), panel);
  }
  main.append(list);
  await fill(list, async () => {
    const items = await api.getAll('/api/v1/projects', 'items', unit && !unitScoped ? { unit } : {}, 5);
    if (!items.length) return notice(t('common.empty'), 'info');
    const rows = items.map((x) =>
      h(
        'tr',
        { dataset: { id: String(x.id), state: x.state } },
        h('td', null, h('a', { href: '#/work/projects/' + x.id, text: x.name }), h('div', { class: 'unit-code', text: x.code })),
        h('td', null, x.unit ? unitLink(x.unit) : '—'),
        h('td', { class: 'nowrap', text: (x.starts_on || '') + ' – ' + (x.ends_on || '') }),
        h('td', { class: 'num', text: budgetText(x.budget) }),
        h('td', null, projectBadge(x.state)),
        h('td', { class: 'num' }, x.milestones_late ? badge(String(x.milestones_late), 'danger') : '0'),
      ),
    );
    return dataTable('project-table', [t('sup.pj.name'), t('sup.pj.unit'), t('sup.pj.period'), [t('sup.pj.budget'), 'num'], t('sup.col.state'), [t('sup.pj.late'), 'num']], rows, t('sup.w.projects'));
  });
}

export async function projectView(main, ctx) {
  const id = ctx.params.id;
  const planner = PLANNERS.includes(ctx.role);
  const head = h('div', { class: 'page-head' }, h('p', { class: 'crumbs' }, h('a', { href: '#/work/projects', text: t('sup.w.projects') })), h('h1', { tabindex: '-1', text: '#' + id }));
  const actions = h('div', { class: 'round-actions', id: 'project-actions' });
  const panel = h('div', { id: 'project-panel' });
  const body = h('div', { id: 'project-body' });
  main.append(head, flashBox('work-msg'), actions, panel, body);
  let x = null;
  const path = '/api/v1/projects/' + api.enc(id);
  const go = (key, sub) => async (b) => {
    await api.post(path + sub, b);
    pending = t(key);
    ctx.navigate(location.hash);
  };
  const now = today();
  await fill(body, async () => {
    x = await api.get(path);
    head.querySelector('h1').textContent = x.name;
    head.append(h('p', { class: 'unit-meta' }, badge(x.code, 'code'), ' ', projectBadge(x.state)));
    const open = planner && x.state !== 'completed';
    const milestones = (x.milestones || []).map((m) => {
      const late = !m.done_on && m.due_on < now;
      const done = open && !m.done_on ? h('button', { type: 'button', class: 'btn btn-small', id: 'milestone-done-' + m.id, text: t('sup.pj.mark_done'), on: { click: () => go('sup.pj.milestone_done', '/milestones/' + m.id + '/done')({}).catch((err) => panel.replaceChildren(notice(errorText(err), 'error'))) } }) : null;
      return h('tr', { dataset: { id: String(m.id) }, class: late ? 'is-late' : null }, h('td', { text: m.name }), h('td', { class: 'nowrap', text: m.due_on }), h('td', { class: 'nowrap' }, m.done_on || (late ? badge(t('sup.pj.late_badge'), 'danger') : '—')), planner ? h('td', null, done) : null);
    });
    const mHeads = [t('sup.pj.milestone'), t('sup.pj.due_on'), t('sup.pj.done_on')];
    if (planner) mHeads.push(t('common.actions'));
    return [
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sec-project' },
        h('h2', { id: 'sec-project', text: t('unit.details') }),
        dl([
          [t('sup.pj.unit'), x.unit ? unitLink(x.unit) : ''],
          [t('sup.pj.period'), (x.starts_on || '') + ' – ' + (x.ends_on || '')],
          [t('sup.pj.budget'), budgetText(x.budget)],
          [t('sup.pj.inspectors'), (x.inspectors || []).map((p, i) => [i ? '、' : '', personLink(p), p.post ? '（' + p.post + '）' : ''])],
        ]),
      ),
      h('section', { class: 'card', 'aria-labelledby': 'sec-milestones' }, h('h2', { id: 'sec-milestones', text: t('sup.pj.milestones') }), milestones.length ? dataTable('project-milestones', mHeads, milestones, t('sup.pj.milestones')) : h('p', { class: 'muted', text: t('common.empty') })),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sec-pfindings' },
        h('h2', { id: 'sec-pfindings', text: t('sup.pj.findings') }),
        (x.findings || []).length
          ? dataTable(
              'project-findings',
              [t('sup.in2.found_on'), t('sup.in2.description'), t('sup.pj.rectified_on'), ...(planner ? [t('common.actions')] : [])],
              x.findings.map((f) =>
                h(
                  'tr',
                  { dataset: { id: String(f.id) } },
                  h('td', { class: 'nowrap', text: f.found_on }),
                  h('td', { text: f.description }),
                  h('td', { class: 'nowrap' }, f.rectified_on || badge(t('sup.pj.open_badge'), 'warn')),
                  planner
                    ? h(
                        'td',
                        null,
                        f.rectified_on
                          ? null
                          : h('button', {
                              type: 'button',
                              class: 'btn btn-small',
                              id: 'finding-fixed-' + f.id,
                              text: t('sup.pj.rectify'),
                              on: {
                                click: () =>
                                  inlineForm(panel, {
                                    id: 'rectify-form',
                                    title: t('sup.pj.rectify') + '：' + f.description,
                                    fields: [{ name: 'rectified_on', label: t('sup.pj.rectified_on'), kind: 'date', value: now }],
                                    submit: t('sup.pj.rectify'),
                                    onSubmit: (v) => go('sup.pj.rectified', '/findings/' + f.id + '/rectified')({ rectified_on: v.rectified_on || undefined }),
                                  }),
                              },
                            }),
                      )
                    : null,
                ),
              ),
              t('sup.pj.findings'),
            )
          : h('p', { class: 'muted', text: t('sup.in2.no_findings') }),
      ),
    ];
  });
  if (!x || !planner || !ctx.alive() || x.state === 'completed') return;
  const button = (bid, key, open) => {
    const b = h('button', { type: 'button', class: 'btn', id: bid, text: t(key) });
    b.addEventListener('click', open);
    actions.append(b, ' ');
  };
  button('project-milestone', 'sup.pj.add_milestone', () =>
    inlineForm(panel, {
      id: 'milestone-form',
      title: t('sup.pj.add_milestone'),
      fields: [
        { name: 'name', label: t('sup.pj.milestone'), required: true },
        { name: 'due_on', label: t('sup.pj.due_on'), kind: 'date', required: true },
      ],
      submit: t('common.save'),
      onSubmit: (v) => go('sup.pj.milestone_added', '/milestones')({ name: v.name, due_on: v.due_on }),
    }),
  );
  if (ctx.role === 'inspector')
    button('project-finding', 'sup.in2.add_finding', () =>
      inlineForm(panel, {
        id: 'pfinding-form',
        title: t('sup.in2.add_finding'),
        fields: [
          { name: 'found_on', label: t('sup.in2.found_on'), kind: 'date', value: now },
          { name: 'description', label: t('sup.in2.description'), kind: 'textarea', required: true },
        ],
        submit: t('common.save'),
        onSubmit: (v) => go('sup.in2.finding_added', '/findings')({ found_on: v.found_on || undefined, description: v.description }),
      }),
    );
  if (x.state === 'active') {
    button('project-complete', 'sup.pj.complete', () =>
      inlineForm(panel, {
        id: 'pcomplete-form',
        title: t('sup.pj.complete'),
        fields: [{ name: 'on', label: t('sup.pj.completed_on'), kind: 'date', value: now }],
        submit: t('sup.pj.complete'),
        onSubmit: (v) => go('sup.pj.moved.completed', '/state')({ state: 'completed', on: v.on || undefined }),
      }),
    );
    button('project-suspend', 'sup.pj.suspend', () =>
      inlineForm(panel, {
        id: 'psuspend-form',
        title: t('sup.pj.suspend'),
        fields: [{ name: 'reason', label: t('sup.pj.reason'), kind: 'textarea', required: true }],
        submit: t('sup.pj.suspend'),
        onSubmit: (v) => go('sup.pj.moved.suspended', '/state')({ state: 'suspended', reason: v.reason }),
      }),
    );
  } else if (x.state === 'suspended') {
    button('project-resume', 'sup.pj.resume', () =>
      inlineForm(panel, {
        id: 'presume-form',
        title: t('sup.pj.resume'),
        fields: [],
        submit: t('sup.pj.resume'),
        onSubmit: () => go('sup.pj.moved.active', '/state')({ state: 'active' }),
      }),
    );
  }
}
