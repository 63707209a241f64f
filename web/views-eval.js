// views-eval.js: the evaluation pages: the rounds and their states, a round's ranking per
// category with each rank's certainty and the office's lifecycle buttons, the
// accountability proposals of the worst units, and one unit's scorecard. The office and the
// inspector see results in any state (provisional until the round is closed); unit accounts
// and viewers once the round is published, and unit accounts only their own scorecard.

import { t, has, getLang } from './i18n.js';
import * as api from './api.js';
import { h, add, clear, field, notice, fill, errorText, badge, pageHeader, timeCell, dl } from './ui.js';

const SEES_ALWAYS = ['office', 'inspector'];
const UNIT_SCOPED = ['unit_leader', 'unit_staff', 'supervisor'];
const GRADES = { 优秀: 'excellent', 良好: 'good', 一般: 'fair', 较差: 'poor' };
const COMPONENTS = ['process', 'democratic', 'self', 'efficiency'];
const REVIEW_P_LAST = 0.9;

// A message to show once on the next drawing of a page (after a lifecycle move redraws it).
let pending = null;

function roundPath(code) {
  return '/api/v1/rounds/' + api.enc(code);
}
function roundHash(code) {
  return '#/rounds/' + encodeURIComponent(code);
}
function scorecardHash(code, unit) {
  return roundHash(code) + '/units/' + encodeURIComponent(unit);
}

function stateBadge(state) {
  const kind = { draft: 'muted', open: 'info', closed: 'warn', published: 'ok' }[state] || '';
  return h('span', { class: 'badge badge-state' + (kind ? ' badge-' + kind : ''), dataset: { state: state || '' }, text: has('eval.state.' + state) ? t('eval.state.' + state) : state || '' });
}

function gradeBadge(grade) {
  if (!grade) return h('span', { class: 'muted', text: '—' });
  const key = GRADES[grade];
  return h('span', { class: 'badge badge-grade grade-' + (key || 'other'), dataset: { grade }, text: key ? t('eval.grade.' + key) : grade });
}

// 2 decimals, or — for a missing value; signed for adjustments.
function num(v, signed) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const s = Math.abs(Number(v)).toFixed(2);
  if (s === '0.00' || v > 0) return (signed && s !== '0.00' ? '+' : '') + s;
  return '−' + s;
}
function pLast(v) {
  return v === null || v === undefined ? '—' : Number(v).toFixed(3);
}
function rangeText(r) {
  if (!Array.isArray(r) || r.length !== 2) return '—';
  return r[0] === r[1] ? String(r[0]) : r[0] + '–' + r[1];
}

function flagBadges(u, extra) {
  return [
    u.vetoed ? badge(t('eval.flag.vetoed'), 'danger') : null,
    u.incomplete ? badge(t('eval.flag.incomplete'), 'warn', t('eval.flag.incomplete_title')) : null,
    u.worst ? h('span', { class: 'badge badge-worst', text: t('eval.flag.worst') }) : null,
    extra && u.no_excellent ? badge(t('eval.flag.no_excellent'), 'muted') : null,
  ].filter(Boolean);
}

// P(last), with 需复核 when the unit is last and the bootstrap does not make it certain.
function certaintyCell(u) {
  const review = u.worst && (u.needs_review || u.p_last === null || u.p_last < REVIEW_P_LAST);
  return h(
    'span',
    { class: 'p-last' },
    h('span', { class: 'num-text', text: pLast(u.p_last) }),
    review ? [' ', h('span', { class: 'badge badge-review', title: t('eval.review_title'), text: t('eval.review') })] : null,
  );
}

// A table of class data whose cells are given as [content, className] or plain content.
function dataTable(id, headers, rows, caption, cls) {
  const tbl = h('table', { class: ['data', cls], id });
  if (caption) tbl.append(h('caption', { class: 'visually-hidden', text: caption }));
  tbl.append(h('thead', null, h('tr', null, headers.map(([label, cls, title]) => h('th', { scope: 'col', class: cls, title, text: label })))));
  tbl.append(h('tbody', null, rows));
  return h('div', { class: 'table-wrap' }, tbl);
}

async function loadCategories() {
  try {
    return api.listOf(await api.get('/api/v1/categories'), 'categories');
  } catch (e) {
    if (e.status === 401 || e.code === 'password_change_required') throw e;
    return []; // the ranking still works; sections then show codes
  }
}

// An inline panel under the round's buttons: a question, an optional required text, and
// buttons; onSubmit(text) runs the action and may throw an API error shown in the panel.
function actionPanel(box, { id, title, text, textLabel, submit, onSubmit }) {
  const msg = h('div', { class: 'form-msg', 'aria-live': 'polite' });
  const input = textLabel ? h('textarea', { id: id + '-text', rows: '2', required: true, maxlength: '500' }) : null;
  const btn = h('button', { type: 'submit', class: 'btn btn-primary', id: id + '-submit', text: submit });
  const form = h(
    'form',
    { class: 'card inline-form action-panel', id, novalidate: true, 'aria-labelledby': id + '-title' },
    h('h2', { id: id + '-title', text: title }),
    text ? h('p', { text }) : null,
    msg,
    input ? field(textLabel, input) : null,
    h('div', { class: 'form-actions' }, btn, h('button', { type: 'button', class: 'btn', text: t('common.cancel'), on: { click: () => clear(box) } })),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(msg);
    const value = input ? input.value.trim() : '';
    if (input && !value) {
      msg.append(notice(t('eval.reason_required'), 'error'));
      input.focus();
      return;
    }
    btn.disabled = true;
    try {
      await onSubmit(value);
    } catch (err) {
      msg.append(notice(errorText(err), 'error'));
      btn.disabled = false;
    }
  });
  clear(box).append(form);
  (input || btn).focus();
}

/* ---- #/rounds ---- */

export async function roundsView(main, ctx) {
  const list = h('div', { id: 'rounds-list' });
  main.append(pageHeader(t('eval.title'), t('eval.intro')), list);
  const always = SEES_ALWAYS.includes(ctx.role);
  await fill(list, async () => {
    const rounds = api.listOf(await api.get('/api/v1/rounds'), 'rounds');
    if (!rounds.length) return notice(t('eval.rounds_empty'), 'info');
    const rows = rounds.map((r) => {
      const visible = always || r.state === 'published';
      return h(
        'tr',
        { dataset: { code: r.code, state: r.state } },
        h('td', null, visible ? h('a', { href: roundHash(r.code), text: r.name || r.code }) : h('span', { text: r.name || r.code })),
        h('td', null, h('span', { class: 'badge badge-code', text: r.code })),
        h('td', null, stateBadge(r.state)),
        h('td', null, timeCell(r.updated_at || r.created_at)),
        h('td', null, visible ? h('a', { class: 'btn btn-small', href: roundHash(r.code), text: t('eval.view_results') }) : h('span', { class: 'muted', text: t('eval.not_published') })),
      );
    });
    return dataTable('rounds-table', [[t('eval.col.name')], [t('eval.col.code')], [t('eval.col.state')], [t('eval.col.updated')], [t('common.actions')]], rows, t('eval.title'));
  });
}

/* ---- #/rounds/{code} ---- */

const MOVES = {
  draft: ['open'],
  open: ['close'],
  closed: ['publish', 'reopen'],
  published: ['reopen'],
};

export async function roundView(main, ctx) {
  const code = ctx.params.code;
  const head = h('div', { class: 'page-head' }, h('p', { class: 'crumbs' }, h('a', { href: '#/rounds', text: t('eval.title') })), h('h1', { tabindex: '-1', text: code }));
  const flashBox = h('div', { id: 'round-msg', 'aria-live': 'polite' });
  const actions = h('div', { class: 'round-actions', id: 'round-actions' });
  const panel = h('div', { id: 'round-panel' });
  const body = h('div', { id: 'ranking' });
  const proposals = h('section', { class: 'card', id: 'proposals', 'aria-labelledby': 'sec-proposals' });
  main.append(head, flashBox, actions, panel, body);
  if (pending) {
    flashBox.append(notice(pending, 'success'));
    pending = null;
  }

  let round = null;
  await fill(body, async () => {
    round = await api.get(roundPath(code));
    head.querySelector('h1').textContent = round.name || code;
    head.append(h('p', { class: 'unit-meta' }, badge(round.code || code, 'code'), ' ', stateBadge(round.state)));
    if (!SEES_ALWAYS.includes(ctx.role) && round.state !== 'published') return notice(t('eval.not_published_long'), 'info');
    const [results, cats] = await Promise.all([api.get(roundPath(code) + '/results'), loadCategories()]);
    return renderRanking(results, cats, round, ctx);
  });
  if (!ctx.alive() || !round) return;
  if (ctx.role === 'office') drawActions(actions, panel, round, ctx);
  if (SEES_ALWAYS.includes(ctx.role)) {
    main.append(proposals);
    await loadProposals(proposals, round, ctx);
  }
}

function drawActions(box, panel, round, ctx) {
  if (round.state === 'draft' || round.state === 'open')
    box.append(h('button', { type: 'button', class: 'btn', id: 'round-tokens', text: t('tok.button'), on: { click: () => tokensPanel(panel, round) } }));
  const moves = MOVES[round.state] || [];
  const go = async (action, reason) => {
    await api.post(roundPath(round.code) + '/' + action, action === 'reopen' ? { reason } : {});
    pending = t('eval.moved.' + action);
    ctx.navigate(location.hash);
  };
  for (const action of moves) {
    const primary = action !== 'reopen';
    box.append(
      h('button', {
        type: 'button',
        class: 'btn' + (primary ? ' btn-primary' : ''),
        id: 'round-' + action,
        dataset: { action },
        text: t('eval.action.' + action),
        on: {
          click: () =>
            actionPanel(panel, {
              id: 'confirm-' + action,
              title: t('eval.action.' + action) + '：' + (round.name || round.code),
              text: t('eval.confirm.' + action),
              textLabel: action === 'reopen' ? t('eval.reason') : null,
              submit: t('eval.action.' + action),
              onSubmit: (reason) => go(action, reason),
            }),
        },
      }),
    );
  }
}

// Saves a blob under filename through a temporary link.
function saveFile({ blob, filename }) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// The office issues a group's tokens: as invitation letters (PDF), as the CSV of a
// mail-merge, or shown here once. Tokens are never shown again.
async function tokensPanel(box, round) {
  const cfg = round.config || {};
  const groups = cfg.groups || [];
  const cats = await loadCategories();
  const msg = h('div', { class: 'form-msg', 'aria-live': 'polite' });
  const out = h('div', { id: 'tokens-out' });
  const group = h('select', { id: 'tokens-group', required: true }, groups.map((g) => h('option', { value: g.code, text: g.name ? g.name + '（' + g.code + '）' : g.code })));
  const scope = h('select', { id: 'tokens-scope' }, h('option', { value: 'category', text: t('tok.by_category') }), h('option', { value: 'units', text: t('tok.by_units') }));
  const category = h('select', { id: 'tokens-category' }, Object.keys(cfg.indicators || {}).map((c) => {
    const cat = cats.find((x) => x.code === c);
    return h('option', { value: c, text: cat ? cat.name + '（' + c + '）' : c });
  }));
  const units = h('input', { id: 'tokens-units', type: 'text', placeholder: 'T01,T02', autocomplete: 'off' });
  const rater = h('input', { id: 'tokens-rater', type: 'text', placeholder: 'T01', autocomplete: 'off' });
  const count = h('input', { id: 'tokens-count', type: 'number', min: '1', max: '200000', value: '50', required: true });
  const format = h('select', { id: 'tokens-format' }, ['pdf', 'csv', 'json'].map((f) => h('option', { value: f, text: t('tok.format.' + f) })));
  const url = h('input', { id: 'tokens-url', type: 'url', value: location.origin, required: true });
  const lang = h('select', { id: 'tokens-lang' }, h('option', { value: 'zh', text: '中文' }), h('option', { value: 'en', text: 'English' }));
  const fCategory = field(t('tok.category'), category);
  const fUnits = field(t('tok.units'), units, t('tok.units_hint'));
  const fRater = field(t('tok.rater'), rater, t('tok.rater_hint'));
  const fUrl = field(t('tok.url'), url, t('tok.url_hint'));
  const fLang = field(t('tok.lang'), lang);
  const sync = () => {
    const mutual = (groups.find((g) => g.code === group.value) || {}).mutual;
    fRater.hidden = !mutual;
    fCategory.hidden = scope.value !== 'category' || !!mutual;
    fUnits.hidden = scope.value !== 'units';
    fUrl.hidden = fLang.hidden = format.value !== 'pdf';
  };
  for (const el of [group, scope, format]) el.addEventListener('change', sync);
  const btn = h('button', { type: 'submit', class: 'btn btn-primary', id: 'tokens-submit', text: t('tok.submit') });
  const form = h(
    'form',
    { class: 'card inline-form action-panel', id: 'tokens-form', novalidate: true, 'aria-labelledby': 'tokens-title' },
    h('h2', { id: 'tokens-title', text: t('tok.title') }),
    h('p', { text: t('tok.intro') }),
    msg,
    field(t('tok.group'), group),
    field(t('tok.scope'), scope),
    fCategory,
    fUnits,
    fRater,
    field(t('tok.count'), count),
    field(t('tok.format'), format),
    fUrl,
    fLang,
    h('div', { class: 'form-actions' }, btn, h('button', { type: 'button', class: 'btn', text: t('common.cancel'), on: { click: () => clear(box) } })),
    out,
  );
  sync();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(msg);
    clear(out);
    const n = Number(count.value);
    if (!Number.isInteger(n) || n < 1) {
      msg.append(notice(t('tok.count_bad'), 'error'));
      count.focus();
      return;
    }
    const mutual = (groups.find((g) => g.code === group.value) || {}).mutual;
    const body = { group: group.value, count: n, format: format.value };
    if (scope.value === 'units') body.units = units.value.split(/[\s,，、]+/).filter(Boolean);
    else if (!mutual) body.category = category.value;
    if (mutual && rater.value.trim()) body.rater = rater.value.trim();
    if (format.value === 'pdf') {
      body.url = url.value.trim();
      body.lang = lang.value;
    }
    btn.disabled = true;
    try {
      const path = roundPath(round.code) + '/tokens';
      if (format.value === 'json') {
        const r = await api.post(path, body);
        out.append(notice(t('tok.shown', { n: r.count }), 'success'), h('ol', { class: 'token-list', id: 'tokens-list' }, r.tokens.map((x) => h('li', null, h('code', { text: x })))));
      } else {
        saveFile(await api.postForFile(path, body));
        out.append(notice(t(format.value === 'pdf' ? 'tok.letters_done' : 'tok.csv_done', { n }), 'success'));
      }
    } catch (err) {
      msg.append(notice(errorText(err), 'error'));
    } finally {
      btn.disabled = false;
    }
  });
  clear(box).append(form);
  group.focus();
}

function renderRanking(data, cats, round, ctx) {
  const units = api.listOf(data, 'units');
  const own = UNIT_SCOPED.includes(ctx.role) ? (ctx.session.user && ctx.session.user.unit) || '' : '';
  const canScorecard = (u) => SEES_ALWAYS.includes(ctx.role) || ctx.role === 'viewer' || u === own;
  const catInfo = new Map(cats.map((c, i) => [c.code, { name: c.name, kind: c.kind, order: i }]));
  const byCat = new Map();
  for (const u of units) {
    if (!byCat.has(u.category)) byCat.set(u.category, []);
    byCat.get(u.category).push(u);
  }
  // Townships first, then the systems in the server's category order.
  const order = [...byCat.keys()].sort((a, b) => {
    const ka = catInfo.get(a), kb = catInfo.get(b);
    const ta = ka && ka.kind === 'township' ? 0 : 1, tb = kb && kb.kind === 'township' ? 0 : 1;
    return ta - tb || (ka ? ka.order : 1e6) - (kb ? kb.order : 1e6) || String(a).localeCompare(String(b));
  });
  const catName = (c) => (catInfo.get(c) && catInfo.get(c).name) || c;

  let ballots = 0;
  for (const u of units) for (const g of Object.values(u.groups || {})) ballots += g.ballots || 0;
  const out = [];
  if (data.provisional) out.push(h('div', { class: 'alert alert-warn provisional', id: 'provisional-banner', role: 'status' }, h('strong', { text: t('eval.provisional_badge') }), ' ', t('eval.provisional')));
  const sel = h('select', { id: 'ranking-category', name: 'category' }, h('option', { value: '', text: t('common.all') }), order.map((c) => h('option', { value: c, text: catName(c) })));
  const csv = roundPath(round.code) + '/results?format=csv';
  out.push(
    h(
      'div',
      { class: 'toolbar ranking-tools' },
      field(t('eval.category'), sel),
      h('p', { class: 'muted ranking-summary', text: t('eval.summary', { units: units.length, ballots: ballots.toLocaleString(), resamples: data.resamples || 0 }) }),
      h('div', { class: 'toolbar-buttons' }, h('a', { class: 'btn', id: 'download-csv', href: csv, download: 'rank-' + round.code + '.csv', text: t('eval.download_csv'), title: t('eval.download_hint') })),
    ),
  );
  const sections = h('div', { class: 'ranking-sections' });
  for (const c of order) sections.append(rankingSection(c, catName(c), byCat.get(c), round, own, canScorecard));
  out.push(sections, h('p', { class: 'muted legend', text: t('eval.legend') }));
  const pick = ctx.query.get('category') || '';
  const apply = () => {
    for (const s of sections.children) s.hidden = !!sel.value && s.dataset.category !== sel.value;
    ctx.replaceHash(roundHash(round.code) + (sel.value ? '?category=' + encodeURIComponent(sel.value) : ''));
  };
  if (pick && order.includes(pick)) {
    sel.value = pick;
    apply();
  }
  sel.addEventListener('change', apply);
  return out;
}

function rankingSection(cat, name, units, round, own, canScorecard) {
  const hid = 'rank-' + cat;
  const headers = [
    [t('eval.col.rank'), 'num'],
    [t('eval.col.range'), 'num', t('eval.col.range_title')],
    [t('eval.col.unit')],
    [t('eval.col.total'), 'num'],
    [t('eval.col.democratic'), 'num'],
    [t('eval.col.process'), 'num'],
    [t('eval.col.self'), 'num'],
    [t('eval.col.efficiency'), 'num'],
    [t('eval.col.survey'), 'num'],
    [t('eval.col.deduction'), 'num'],
    [t('eval.col.grade')],
    [t('eval.col.flags')],
    [t('eval.col.p_last'), 'num', t('eval.col.p_last_title')],
  ];
  const rows = units.map((u) => {
    const link = canScorecard(u.unit) ? h('a', { href: scorecardHash(round.code, u.unit), text: u.name || u.unit }) : h('span', { text: u.name || u.unit });
    return h(
      'tr',
      { class: [u.worst && 'is-worst', u.vetoed && 'is-vetoed', u.unit === own && 'is-own'], dataset: { unit: u.unit, grade: u.grade || '', worst: u.worst ? '1' : '0' } },
      h('td', { class: 'num rank', text: u.rank === null || u.rank === undefined ? t('eval.unranked') : String(u.rank) }),
      h('td', { class: 'num range', title: t('eval.col.range_title'), text: rangeText(u.rank_range) }),
      h('td', { class: 'unit-cell' }, link, ' ', h('span', { class: 'unit-code', text: u.unit }), u.unit === own ? [' ', badge(t('eval.own_unit'), 'cat')] : null),
      h('td', { class: 'num total', text: num(u.total) }),
      h('td', { class: 'num', text: num(u.democratic) }),
      h('td', { class: 'num', text: num(u.process) }),
      h('td', { class: 'num', text: num(u.self) }),
      h('td', { class: 'num', text: num(u.efficiency) }),
      h('td', { class: 'num', text: num(u.survey_adjust, true) }),
      h('td', { class: 'num', text: num(-u.deduction) }),
      h('td', null, gradeBadge(u.grade)),
      h('td', { class: 'flags' }, flagBadges(u)),
      h('td', { class: 'num certainty' }, certaintyCell(u)),
    );
  });
  return h(
    'section',
    { class: 'card ranking-card', 'aria-labelledby': hid, dataset: { category: cat } },
    h('h2', { id: hid }, name, ' ', h('span', { class: 'group-count', text: String(units.length) })),
    dataTable('table-' + cat, headers, rows, name, 'ranking'),
  );
}

/* ---- accountability proposals (office, inspector) ---- */

async function loadProposals(box, round, ctx) {
  const office = ctx.role === 'office';
  const frozen = round.state === 'closed' || round.state === 'published';
  const msg = h('div', { class: 'form-msg', id: 'proposals-msg', 'aria-live': 'polite' });
  const panel = h('div', { id: 'proposal-panel' });
  const list = h('div', { id: 'proposals-list' });
  const gen = office
    ? h('button', {
        type: 'button',
        class: 'btn btn-primary',
        id: 'proposals-generate',
        disabled: !frozen,
        text: t('prop.generate'),
        on: {
          click: async () => {
            clear(msg);
            try {
              const r = await api.post(roundPath(round.code) + '/proposals/generate', {});
              msg.append(notice(t('prop.generated', { created: r.created || 0, updated: r.updated || 0, kept: r.kept || 0, superseded: r.superseded || 0 }), 'success'));
              load();
            } catch (err) {
              msg.append(notice(errorText(err), 'error'));
            }
          },
        },
      })
    : null;
  add(clear(box), [
    h('h2', { id: 'sec-proposals', text: t('prop.title') }),
    h('p', { class: 'muted', text: t('prop.intro') }),
    !frozen ? notice(t('prop.after_close'), 'info') : null,
    gen ? h('div', { class: 'form-actions' }, gen) : null,
    msg,
    panel,
    list,
  ]);
  const decide = (p, how) => {
    const done = (key) => {
      clear(panel);
      clear(msg).append(notice(t(key, { unit: p.unit && p.unit.name }), 'success'));
      load();
    };
    if (how === 'dismiss') {
      actionPanel(panel, {
        id: 'dismiss-' + p.id,
        title: t('prop.dismiss') + '：' + ((p.unit && p.unit.name) || ''),
        textLabel: t('prop.reason'),
        submit: t('prop.dismiss'),
        onSubmit: async (reason) => {
          await api.post('/api/v1/proposals/' + p.id + '/dismiss', { reason });
          done('prop.dismissed_ok');
        },
      });
      return;
    }
    const measure = h('select', { id: 'measure-' + p.id, required: true }, ['admonishment_talk', 'organisational_adjustment'].map((m) => h('option', { value: m, text: t('prop.measure.' + m) })));
    const note = h('textarea', { id: 'note-' + p.id, rows: '2', maxlength: '500' });
    const pmsg = h('div', { class: 'form-msg' });
    const f = h(
      'form',
      { class: 'card inline-form action-panel', id: 'confirm-' + p.id, novalidate: true },
      h('h2', { text: t('prop.confirm') + '：' + ((p.unit && p.unit.name) || '') }),
      p.needs_review ? notice(p.review_notice || t('eval.review_title'), 'warn') : null,
      pmsg,
      field(t('prop.measure'), measure),
      field(t('prop.note'), note),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('prop.confirm') }), h('button', { type: 'button', class: 'btn', text: t('common.cancel'), on: { click: () => clear(panel) } })),
    );
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const body = { measure: measure.value };
        if (note.value.trim()) body.note = note.value.trim();
        await api.post('/api/v1/proposals/' + p.id + '/confirm', body);
        done('prop.confirmed_ok');
      } catch (err) {
        clear(pmsg).append(notice(errorText(err), 'error'));
      }
    });
    clear(panel).append(f);
    measure.focus();
  };
  const load = () =>
    fill(list, async () => {
      const data = await api.get(roundPath(round.code) + '/proposals');
      const items = api.listOf(data, 'proposals');
      if (!items.length) return h('p', { class: 'muted', text: t('prop.empty') });
      const rows = items.map((p) => {
        const person = p.person;
        const status = p.status || '';
        const decision = [];
        if (status === 'confirmed') decision.push(h('span', { text: p.measure_zh && !has('prop.measure.' + p.measure) ? p.measure_zh : t('prop.measure.' + p.measure) }), p.note ? h('div', { class: 'muted', text: p.note }) : null);
        else if (status === 'dismissed') decision.push(h('span', { class: 'muted', text: t('prop.reason') + '：' + (p.reason || '') }));
        else if (status === 'proposed' && office)
          decision.push(
            h('div', { class: 'row-actions' },
              h('button', { type: 'button', class: 'btn btn-small btn-primary', text: t('prop.confirm'), on: { click: () => decide(p, 'confirm') } }),
              h('button', { type: 'button', class: 'btn btn-small', text: t('prop.dismiss'), on: { click: () => decide(p, 'dismiss') } })),
          );
        return h(
          'tr',
          { dataset: { id: String(p.id), status } },
          h('td', null, p.unit ? h('a', { href: scorecardHash(round.code, p.unit.code), text: p.unit.name || p.unit.code }) : '—'),
          h('td', null, person ? [h('a', { href: '#/people/' + encodeURIComponent(person.code), text: person.name || person.code }), h('div', { class: 'muted', text: [person.post, person.rank].filter(Boolean).join(' · ') })] : '—', p.main_leader_missing ? notice(getLang() === 'zh' && p.leader_notice ? p.leader_notice : t('prop.main_missing'), 'warn') : null),
          h('td', { class: 'nowrap', text: has('relation.' + p.relation) ? t('relation.' + p.relation) : p.relation_zh || p.relation || '' }),
          h('td', { class: 'num' }, String(p.rank ?? '—') + (p.ranked ? ' / ' + p.ranked : ''), h('div', { class: 'muted', title: t('eval.col.range_title'), text: rangeText(p.rank_range) })),
          h('td', { class: 'num', text: num(p.total) }),
          h('td', { class: 'num' }, certaintyCell({ worst: true, needs_review: p.needs_review, p_last: p.p_last })),
          h('td', null, badge(has('prop.status.' + status) ? t('prop.status.' + status) : status, { proposed: 'warn', confirmed: 'danger', dismissed: 'muted', superseded: 'muted' }[status] || '')),
          h('td', null, decision),
        );
      });
      return dataTable(
        'proposals-table',
        [[t('eval.col.unit')], [t('prop.person')], [t('prop.relation')], [t('eval.col.rank'), 'num'], [t('eval.col.total'), 'num'], [t('eval.col.p_last'), 'num'], [t('prop.status')], [t('prop.decision')]],
        rows,
        t('prop.title'),
      );
    });
  await load();
}

/* ---- #/rounds/{code}/units/{unit} ---- */

export async function scorecardView(main, ctx) {
  const { code, unit } = ctx.params;
  const roundLink = h('a', { href: roundHash(code), text: code });
  const head = h('div', { class: 'page-head' }, h('p', { class: 'crumbs' }, h('a', { href: '#/rounds', text: t('eval.title') }), ' ', roundLink), h('h1', { tabindex: '-1', text: unit }));
  const body = h('div', { id: 'scorecard' });
  main.append(head, body);
  await fill(body, async () => {
    const [card, round, cats] = await Promise.all([api.get(roundPath(code) + '/units/' + api.enc(unit) + '/scorecard'), api.get(roundPath(code)).catch(() => null), loadCategories()]);
    const u = card.unit || {};
    const cat = cats.find((c) => c.code === u.category);
    roundLink.textContent = (card.round && card.round.name) || code;
    head.querySelector('h1').textContent = (u.name || unit) + ' · ' + t('sc.title');
    head.append(h('p', { class: 'unit-meta' }, badge(u.unit || unit, 'code'), ' ', badge(cat ? cat.name : u.category, 'cat'), ' ', gradeBadge(u.grade), ' ', flagBadges(u, true)));
    // The adjustments' reasons (office and inspector); without them the card is left out.
    let adjustments = null;
    if (SEES_ALWAYS.includes(ctx.role)) {
      const adj = await api.get(roundPath(code) + '/adjustments', { unit }).catch(() => null);
      if (adj) adjustments = api.listOf(adj, 'adjustments');
    }
    return renderScorecard(card, round && round.config, adjustments);
  });
}

function renderScorecard(card, config, adjustments) {
  const u = card.unit || {};
  const comps = u.components || {};
  const weights = (config && config.components) || {};
  const out = [];
  if (card.provisional) out.push(h('div', { class: 'alert alert-warn provisional', id: 'provisional-banner', role: 'status' }, h('strong', { text: t('eval.provisional_badge') }), ' ', t('eval.provisional')));

  const review = u.worst && (u.needs_review || u.p_last === null || u.p_last < REVIEW_P_LAST);
  const summary = h(
    'section',
    { class: 'card', 'aria-labelledby': 'sec-sc-summary' },
    h('h2', { id: 'sec-sc-summary', text: t('sc.summary') }),
    h('p', { class: 'big-total' }, h('span', { class: 'big-number', id: 'sc-total', text: num(u.total) }), ' ', h('span', { class: 'muted', text: t('sc.points') })),
    dl([
      [t('eval.col.rank'), u.rank === null || u.rank === undefined ? t('eval.unranked') : t('sc.rank_of', { rank: u.rank })],
      [t('eval.col.range'), rangeText(u.rank_range)],
      [t('eval.col.p_last'), h('span', null, pLast(u.p_last), review ? [' ', h('span', { class: 'badge badge-review', title: t('eval.review_title'), text: t('eval.review') })] : null)],
      [t('eval.col.grade'), gradeBadge(u.grade)],
      [t('sc.satisfaction'), u.satisfaction === null || u.satisfaction === undefined ? t('sc.missing') : num(u.satisfaction)],
      [t('sc.satisfaction_rate'), u.satisfaction_rate === null || u.satisfaction_rate === undefined ? '—' : (100 * u.satisfaction_rate).toFixed(1) + '%'],
    ]),
  );

  const compRows = COMPONENTS.map((k) =>
    h(
      'tr',
      { dataset: { component: k } },
      h('td', { text: t('eval.col.' + k) }),
      h('td', { class: 'num', text: weights[k] !== undefined ? String(weights[k]) : '—' }),
      h('td', { class: 'num' }, comps[k] === null || comps[k] === undefined ? badge(t('sc.missing'), 'warn') : num(comps[k])),
    ),
  );
  compRows.push(
    h('tr', { class: 'sub' }, h('td', { text: t('eval.col.survey') }), h('td', { class: 'num', text: '' }), h('td', { class: 'num', text: num(u.survey_adjust, true) })),
    h('tr', { class: 'sub' }, h('td', { text: t('eval.col.deduction') + (u.deduction_points > u.deduction ? t('sc.capped', { points: num(u.deduction_points) }) : '') }), h('td', { class: 'num', text: '' }), h('td', { class: 'num', text: num(-u.deduction) })),
    h('tr', { class: 'total-row' }, h('th', { scope: 'row', text: t('eval.col.total') }), h('td', { class: 'num', text: '' }), h('td', { class: 'num', text: num(u.total) })),
  );
  const components = h(
    'section',
    { class: 'card', 'aria-labelledby': 'sec-sc-comp' },
    h('h2', { id: 'sec-sc-comp', text: t('sc.components') }),
    dataTable('sc-components', [[t('sc.component')], [t('sc.weight'), 'num'], [t('sc.score'), 'num']], compRows, t('sc.components')),
  );

  const groups = Array.isArray(u.groups) ? u.groups : [];
  const groupRows = groups.map((g) => {
    let status;
    if (g.eligible) status = badge(t('sc.counted'), 'ok');
    else if (g.ballots < g.min_ballots) status = badge(t('sc.too_few', { min: g.min_ballots }), 'warn');
    else status = badge(t('sc.no_rating'), 'muted');
    return h(
      'tr',
      { dataset: { group: g.code, hidden: g.hidden ? '1' : '0' } },
      h('td', { text: g.name || g.code }),
      h('td', { class: 'num', text: String(g.weight) }),
      h('td', { class: 'num', text: String(g.ballots) }),
      h('td', { class: 'num', text: String(g.min_ballots) }),
      h('td', { class: 'num' }, g.hidden ? h('span', { class: 'hidden-note', text: t('sc.hidden') }) : num(g.score)),
      h('td', null, status),
    );
  });
  const groupCard = h(
    'section',
    { class: 'card', 'aria-labelledby': 'sec-sc-groups' },
    h('h2', { id: 'sec-sc-groups', text: t('sc.groups') }),
    h('p', { class: 'muted', text: t('sc.groups_intro', { n: card.anonymity_threshold || 5 }) }),
    dataTable('sc-groups', [[t('sc.group')], [t('sc.weight'), 'num'], [t('sc.ballots'), 'num'], [t('sc.min_ballots'), 'num'], [t('sc.score'), 'num'], [t('sc.status')]], groupRows, t('sc.groups')),
  );

  // Indicators down, groups across; a hidden group is one cell spanning its column.
  const inds = groups.length ? groups[0].indicators || [] : [];
  const indRows = inds.map((ind, i) =>
    h(
      'tr',
      { dataset: { indicator: ind.code } },
      h('th', { scope: 'row' }, ind.name || ind.code, ' ', h('span', { class: 'muted', text: '（' + ind.weight + '）' })),
      groups.map((g) => {
        if (g.hidden) return i === 0 ? h('td', { class: 'hidden-cell', rowspan: String(inds.length), text: t('sc.hidden') }) : null;
        const m = g.indicators && g.indicators[i];
        return h('td', { class: 'num', title: m && m.ratings !== null ? t('sc.ratings', { n: m.ratings }) : null, text: m ? num(m.mean) : '—' });
      }),
    ),
  );
  const indCard = h(
    'section',
    { class: 'card', 'aria-labelledby': 'sec-sc-ind' },
    h('h2', { id: 'sec-sc-ind', text: t('sc.indicators') }),
    h('p', { class: 'muted', text: t('sc.indicators_intro') }),
    dataTable('sc-indicators', [[t('sc.indicator')], ...groups.map((g) => [g.name || g.code, 'num'])], indRows, t('sc.indicators')),
  );

  const rest = [groupCard, indCard];
  if (adjustments) {
    rest.push(
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sec-sc-adj' },
        h('h2', { id: 'sec-sc-adj', text: t('sc.adjustments') }),
        adjustments.length
          ? dataTable(
              'sc-adjustments',
              [[t('sc.adj_reason')], [t('sc.adj_points'), 'num'], [t('eval.col.flags')]],
              adjustments.map((a) =>
                h('tr', null, h('td', { text: a.reason || '' }), h('td', { class: 'num', text: num(a.points) }), h('td', null, a.veto ? badge(t('eval.flag.vetoed'), 'danger') : null, ' ', a.no_excellent ? badge(t('eval.flag.no_excellent'), 'muted') : null)),
              ),
              t('sc.adjustments'),
            )
          : h('p', { class: 'muted', text: t('sc.no_adjustments') }),
      ),
    );
  }
  out.push(h('div', { class: 'unit-layout scorecard-layout' }, h('div', { class: 'unit-side' }, summary), h('div', { class: 'unit-mainpane' }, components)), rest);
  return out;
}
