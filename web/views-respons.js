// views-respons.js: the responsibility and vetting pages (选任考察): nominations and one
// nomination (the candidate's style record, the inspector's assessment and vetting with
// every reason and its rule basis, the supervising leader's signature), the veto rules with
// their basis, the joint-liability flags, and the responsibility report of a unit or a
// leader for a period. The office nominates and names the signer, the inspector assesses
// and vets, only the account linked to the named leader signs; unit accounts see their
// own unit.

import { t } from './i18n.js';
import * as api from './api.js';
import { h, clear, field, notice, fill, badge, pageHeader, dl, table, unitLink, personLink, timeCell, today } from './ui.js';
import { actionForm, input, select, pagedList, crumbs, flashNext, takeFlash, tr, fmtNum, paren, listSep, ownUnit } from './views-educate.js';

const NOM_STATES = ['pending', 'cleared', 'vetoed', 'signed'];
const GRADES = ['好', '较好', '一般', '差'];
const RANKS = ['正处', '副处', '正科', '副科', '一般干部', '村干部'];
const INSPECT = ['office', 'inspector'];
const PAGE = 50;

function nomHash(id) {
  return '#/nominations/' + encodeURIComponent(id);
}

function nomBadge(s) {
  const kind = { pending: 'warn', cleared: 'info', vetoed: 'danger', signed: 'ok' }[s] || '';
  return h('span', { class: 'badge badge-state' + (kind ? ' badge-' + kind : ''), dataset: { state: s }, text: tr('resp.state.', s) });
}

function respTabs(ctx, current) {
  const links = [];
  if (['office', 'inspector', 'unit_leader', 'unit_staff'].includes(ctx.role)) links.push(['nominations', '#/nominations', t('resp.tab.nominations')]);
  links.push(['rules', '#/veto-rules', t('resp.tab.rules')]);
  if (INSPECT.includes(ctx.role)) links.push(['flags', '#/liability-flags', t('resp.tab.flags')]);
  return h('nav', { class: 'subnav', 'aria-label': t('resp.tabs') }, h('ul', { class: 'subnav-list' }, links.map(([name, href, text]) => h('li', null, h('a', { href, text, 'aria-current': name === current ? 'page' : null })))));
}

function findingText(f) {
  return tr('resp.finding.', f || 'pending');
}

/* ---- #/nominations ---- */

export async function nominationsView(main, ctx) {
  const state0 = NOM_STATES.includes(ctx.query.get('state')) ? ctx.query.get('state') : '';
  const stateSel = select([['', t('common.all')], ...NOM_STATES.map((s) => [s, t('resp.state.' + s)])], { id: 'nominations-state' });
  stateSel.value = state0;
  const flash = h('div', { id: 'nominations-msg', 'aria-live': 'polite' });
  const list = h('div', { id: 'nominations-list' });
  const formBox = h('div', { id: 'nominate-box' });
  main.append(pageHeader(t('resp.title'), t('resp.intro')), respTabs(ctx, 'nominations'), flash, h('form', { class: 'toolbar', on: { submit: (e) => e.preventDefault() } }, field(t('resp.state'), stateSel)), formBox, list);
  takeFlash(flash);
  if (INSPECT.includes(ctx.role)) main.insertBefore(await settingsBox(ctx), list);
  if (ctx.role === 'office') {
    const open = h('button', { type: 'button', class: 'btn btn-primary', id: 'nominate-open', text: t('resp.nominate') });
    open.addEventListener('click', () => nominateForm(formBox, ctx));
    formBox.append(h('div', { class: 'form-actions' }, open));
  }
  const load = () =>
    pagedList(list, {
      id: 'nominations-page',
      fetchPage: (after) => api.get('/api/v1/nominations', { state: stateSel.value || undefined, limit: PAGE, after }),
      empty: t('resp.nominations_empty'),
      render: (items) =>
        table(
          [t('resp.col.candidate'), t('people.unit_col'), t('resp.col.proposed'), t('resp.col.nominated_on'), t('resp.state'), t('resp.col.supervisor')],
          items.map((n) =>
            h(
              'tr',
              { dataset: { id: String(n.id), state: n.state } },
              h('td', null, h('a', { href: nomHash(n.id), text: n.person_name }), ' ', h('span', { class: 'unit-code', text: n.person_code })),
              h('td', null, unitLink({ code: n.unit_code, name: n.unit_name })),
              h('td', { text: [n.proposed_post, n.proposed_rank].filter(Boolean).join(' · ') }),
              h('td', { class: 'nowrap', text: n.nominated_on }),
              h('td', null, nomBadge(n.state)),
              h('td', null, n.supervisor_code ? personLink({ code: n.supervisor_code, name: n.supervisor_name }) : h('span', { class: 'muted', text: t('resp.no_supervisor') })),
            ),
          ),
          t('resp.title'),
        ),
    });
  stateSel.addEventListener('change', () => {
    ctx.replaceHash('#/nominations' + (stateSel.value ? '?state=' + stateSel.value : ''));
    load();
  });
  await load();
}

// The default joint-liability period of new nominations: shown to the office and the
// inspector, changed by the office (nominations already made keep theirs).
async function settingsBox(ctx) {
  const box = h('div', { id: 'nomination-settings' });
  let months = null;
  try {
    months = (await api.get('/api/v1/nomination-settings')).liability_months;
  } catch (e) {
    if (e.status === 401) throw e;
  }
  if (months === null || months === undefined) return box;
  box.append(h('p', { class: 'muted', id: 'liability-default', text: t('resp.default_months', { n: months }) }));
  if (ctx.role !== 'office') return box;
  const edit = h('button', { type: 'button', class: 'btn btn-small', id: 'settings-edit', text: t('resp.default_months_edit') });
  edit.addEventListener('click', () => {
    const control = input({ type: 'number', min: '1', max: '120', step: '1', required: true, value: String(months), inputmode: 'numeric' });
    const form = actionForm({
      id: 'settings-form',
      title: t('resp.default_months_edit'),
      intro: t('resp.default_months_intro'),
      fields: [{ name: 'liability_months', label: t('resp.f.months'), control, hint: t('resp.months_range') }],
      submit: t('common.save'),
      onCancel: () => ctx.navigate(location.hash),
      onSubmit: async (v) => {
        await api.patch('/api/v1/nomination-settings', { liability_months: Number(v.liability_months) });
        flashNext(t('resp.default_months_saved', { n: v.liability_months }));
        ctx.navigate(location.hash);
      },
    });
    edit.replaceWith(form);
    control.focus();
  });
  box.querySelector('p').append(' ', edit);
  return box;
}

function nominateForm(box, ctx) {
  const person = input({ required: true, placeholder: 'T01-012' });
  const post = input({ required: true, maxlength: '100' });
  const rank = select(RANKS.map((r) => [r, r]), { required: true });
  rank.value = '副科';
  const unit = input({ required: true, placeholder: 'T01' });
  const on = input({ type: 'date', required: true, value: today() });
  const sup = input({ placeholder: t('resp.supervisor_ph') });
  const months = input({ type: 'number', min: '1', max: '120', step: '1', inputmode: 'numeric' });
  const form = actionForm({
    id: 'nominate-form',
    title: t('resp.nominate'),
    intro: t('resp.nominate_intro'),
    fields: [
      { name: 'person', label: t('resp.f.person'), control: person },
      { name: 'proposed_post', label: t('resp.f.post'), control: post },
      { name: 'proposed_rank', label: t('resp.f.rank'), control: rank },
      { name: 'nominating_unit', label: t('resp.f.unit'), control: unit },
      { name: 'nominated_on', label: t('resp.f.on'), control: on },
      { name: 'supervisor', label: t('resp.f.supervisor'), control: sup, hint: t('resp.supervisor_hint') },
      { name: 'liability_months', label: t('resp.f.months'), control: months, hint: t('resp.months_hint') },
    ],
    submit: t('resp.nominate_submit'),
    onCancel: () => ctx.navigate(location.hash),
    onSubmit: async (v) => {
      const body = { person: v.person, proposed_post: v.proposed_post, proposed_rank: v.proposed_rank, nominating_unit: v.nominating_unit, nominated_on: v.nominated_on };
      if (v.supervisor) body.supervisor = v.supervisor;
      if (v.liability_months) body.liability_months = Number(v.liability_months);
      const n = await api.post('/api/v1/nominations', body);
      flashNext(t('resp.nominated', { name: (n.person && n.person.name) || v.person }));
      ctx.navigate(nomHash(n.id));
    },
  });
  clear(box).append(form);
  person.focus();
}

/* ---- #/nominations/{id} ---- */

export async function nominationView(main, ctx) {
  const id = ctx.params.id;
  const head = h('div', { class: 'page-head' }, crumbs(['#/nominations', t('resp.title')]), h('h1', { tabindex: '-1', text: t('resp.nomination_n', { n: id }) }));
  const flash = h('div', { id: 'nomination-msg', 'aria-live': 'polite' });
  const body = h('div', { id: 'nomination' });
  main.append(head, flash, body);
  takeFlash(flash);
  await fill(body, async () => {
    const n = await api.get('/api/v1/nominations/' + api.enc(id));
    head.querySelector('h1').textContent = t('resp.nomination_of', { name: n.person.name, post: n.proposed_post });
    head.append(h('p', { class: 'unit-meta' }, badge(n.person.code, 'code'), ' ', nomBadge(n.state)));
    const redraw = (text) => {
      flashNext(text);
      ctx.navigate(location.hash);
    };
    const details = h(
      'section',
      { class: 'card', 'aria-labelledby': 'sec-nom' },
      h('h2', { id: 'sec-nom', text: t('resp.details') }),
      dl([
        [t('resp.col.candidate'), [personLink(n.person), ' ', h('span', { class: 'muted', text: [n.person.post, n.person.rank].filter(Boolean).join(' · ') })]],
        [t('people.unit_col'), n.unit ? unitLink(n.unit) : null],
        [t('resp.col.proposed'), [n.proposed_post, n.proposed_rank].filter(Boolean).join(' · ')],
        [t('resp.f.unit'), n.nominating_unit ? unitLink(n.nominating_unit) : null],
        [t('resp.col.nominated_on'), n.nominated_on],
        [t('resp.col.supervisor'), n.supervisor ? h('span', { id: 'nom-supervisor' }, personLink(n.supervisor), ' ', h('span', { class: 'muted', text: n.supervisor.post || '' })) : t('resp.no_supervisor')],
        [t('resp.f.months'), t('resp.months_value', { n: n.liability_months })],
      ]),
    );
    const side = [details, assessmentCard(n, ctx, redraw), signatureCard(n, ctx, redraw)];
    if (ctx.role === 'office' && (n.state === 'pending' || n.state === 'cleared')) side.push(supervisorCard(n, redraw));
    return h('div', { class: 'unit-layout' }, h('div', { class: 'unit-side' }, side), h('div', { class: 'unit-mainpane' }, vettingCard(n, ctx, redraw), recordCard(n.record, t('resp.record_title', { date: n.record.as_of }), 'record')));
  });
}

function assessmentCard(n, ctx, redraw) {
  const a = n.assessment;
  const card = h(
    'section',
    { class: 'card', id: 'assessment', 'aria-labelledby': 'sec-assess' },
    h('h2', { id: 'sec-assess', text: t('resp.assessment') }),
    h('p', { class: 'muted', text: t('resp.assessment_intro') }),
    a ? dl([[t('resp.grade'), badge(a.grade, a.grade === '差' ? 'danger' : a.grade === '一般' ? 'warn' : 'ok')], [t('resp.assessment_text'), a.text], [t('resp.assessed_on'), a.assessed_on]]) : h('p', { class: 'muted', id: 'assessment-none', text: t('resp.assessment_none') }),
  );
  if (ctx.role === 'inspector' && n.state !== 'signed') {
    const grade = select(GRADES.map((g) => [g, g]), { required: true });
    if (a) grade.value = a.grade;
    const text = h('textarea', { rows: '3', required: true, maxlength: '2000' });
    text.value = a ? a.text : '';
    const on = input({ type: 'date', value: today() });
    card.append(
      actionForm({
        id: 'assess-form',
        title: a ? t('resp.assess_change') : t('resp.assess'),
        intro: n.state === 'cleared' || n.state === 'vetoed' ? t('resp.assess_resets') : null,
        fields: [
          { name: 'grade', label: t('resp.grade'), control: grade },
          { name: 'text', label: t('resp.assessment_text'), control: text },
          { name: 'assessed_on', label: t('resp.assessed_on'), control: on },
        ],
        submit: t('resp.assess_submit'),
        onSubmit: async (v) => {
          await api.request('PUT', '/api/v1/nominations/' + api.enc(n.id) + '/assessment', { body: v.assessed_on ? v : { grade: v.grade, text: v.text } });
          redraw(t('resp.assessed'));
        },
      }),
    );
  }
  return card;
}

function signatureCard(n, ctx, redraw) {
  const s = n.signature;
  const card = h('section', { class: 'card', id: 'signature', 'aria-labelledby': 'sec-sign' }, h('h2', { id: 'sec-sign', text: t('resp.signature') }), h('p', { class: 'muted', text: t('resp.signature_intro') }));
  if (s) {
    card.append(dl([[t('resp.signer'), personLink({ code: s.signer_code, name: s.signer_name })], [t('resp.signed_on'), s.signed_on], [t('resp.sign_text'), s.text], [t('resp.liability_until'), s.liability_until], [t('resp.account'), s.account]]));
    return card;
  }
  if (n.state !== 'cleared') {
    card.append(h('p', { class: 'muted', text: n.state === 'vetoed' ? t('resp.sign_vetoed') : t('resp.sign_not_yet') }));
    return card;
  }
  if (!n.supervisor) {
    card.append(notice(t('resp.sign_no_supervisor'), 'warn'));
    return card;
  }
  // Only the account linked to the named leader may sign; the server refuses any other
  // (403, audited). The office's and the inspector's working accounts are not a leader's,
  // and a unit account of another unit cannot be this leader's: they are told who signs.
  const own = ownUnit(ctx);
  if (INSPECT.includes(ctx.role) || (own && n.unit && n.unit.code !== own && n.nominating_unit && n.nominating_unit.code !== own)) {
    card.append(h('p', { id: 'sign-waiting', text: t('resp.sign_waiting', { name: n.supervisor.name }) }));
    return card;
  }
  const text = h('textarea', { rows: '3', required: true, maxlength: '2000' });
  text.value = t('resp.sign_default', { name: n.person.name, post: n.proposed_post });
  const on = input({ type: 'date', value: today() });
  card.append(
    actionForm({
      id: 'sign-form',
      title: t('resp.sign_title', { name: n.supervisor.name }),
      intro: t('resp.sign_intro', { name: n.supervisor.name, months: n.liability_months }),
      fields: [
        { name: 'text', label: t('resp.sign_text'), control: text },
        { name: 'signed_on', label: t('resp.signed_on'), control: on },
      ],
      submit: t('resp.sign_submit'),
      onSubmit: async (v) => {
        try {
          await api.post('/api/v1/nominations/' + api.enc(n.id) + '/sign', v.signed_on ? v : { text: v.text });
        } catch (err) {
          // The server accepts only the account linked to the named leader (and audits the refusal).
          if (err.status === 403) throw { status: 403, code: '', message: t('resp.sign_forbidden', { name: n.supervisor.name }) };
          throw err;
        }
        redraw(t('resp.signed'));
      },
    }),
  );
  return card;
}

function supervisorCard(n, redraw) {
  const sup = input({ required: true, value: n.supervisor ? n.supervisor.code : '' });
  return h(
    'section',
    { class: 'card', id: 'supervisor', 'aria-labelledby': 'sec-sup' },
    h('h2', { id: 'sec-sup', text: t('resp.supervisor_title') }),
    actionForm({
      id: 'supervisor-form',
      fields: [{ name: 'supervisor', label: t('resp.f.supervisor'), control: sup, hint: t('resp.supervisor_hint') }],
      submit: t('common.save'),
      onSubmit: async (v) => {
        await api.request('PUT', '/api/v1/nominations/' + api.enc(n.id) + '/supervisor', { body: { supervisor: v.supervisor } });
        redraw(t('resp.supervisor_saved'));
      },
    }),
  );
}

function vettingCard(n, ctx, redraw) {
  const card = h('section', { class: 'card', id: 'vetting', 'aria-labelledby': 'sec-vet' }, h('h2', { id: 'sec-vet', text: t('resp.vetting') }), h('p', { class: 'muted', text: t('resp.vetting_intro') }));
  if (ctx.role === 'inspector' && n.state !== 'signed') {
    const on = input({ type: 'date', value: today() });
    card.append(
      actionForm({
        id: 'vet-form',
        intro: n.assessment ? null : t('resp.vet_needs_assessment'),
        fields: [{ name: 'as_of', label: t('resp.vet_as_of'), control: on, hint: t('resp.vet_as_of_hint') }],
        submit: t('resp.vet_submit'),
        onSubmit: async (v) => {
          const r = await api.post('/api/v1/nominations/' + api.enc(n.id) + '/vet', v.as_of ? { as_of: v.as_of } : {});
          redraw(r.outcome === 'cleared' ? t('resp.vet_cleared') : t('resp.vet_vetoed', { n: (r.reasons || []).length }));
        },
      }),
    );
  }
  const vs = n.vettings || [];
  if (!vs.length) {
    card.append(h('p', { class: 'muted', id: 'vetting-none', text: t('resp.vetting_none') }));
    return card;
  }
  const latest = vs[0];
  card.append(vetResult(latest.snapshot || latest, 'vet-latest'));
  if (vs.length > 1)
    card.append(
      h('h3', { text: t('resp.vetting_history') }),
      table([t('resp.vet_as_of'), t('resp.outcome'), t('resp.vetted_at')], vs.map((v) => h('tr', null, h('td', { class: 'nowrap', text: v.as_of }), h('td', null, outcomeBadge(v.outcome)), h('td', null, timeCell(v.vetted_at)))), t('resp.vetting_history')),
    );
  return card;
}

function outcomeBadge(o) {
  return h('span', { class: 'badge badge-' + (o === 'cleared' ? 'ok' : 'danger'), dataset: { outcome: o }, text: tr('resp.outcome.', o) });
}

function vetResult(s, id) {
  const reasons = s.reasons || [];
  const rules = s.rules || [];
  return h(
    'div',
    { id },
    h('p', { class: 'vet-outcome' }, outcomeBadge(s.outcome), ' ', h('span', { class: 'muted', text: t('resp.vet_as_of_value', { date: s.as_of }) })),
    reasons.length
      ? h(
          'ol',
          { class: 'plain-list vet-reasons' },
          reasons.map((r) =>
            h(
              'li',
              { class: 'vet-reason', dataset: { rule: r.rule } },
              h('p', null, h('strong', { text: r.name }), ' ', badge(r.rule, 'code')),
              h('p', { class: 'basis' }, h('span', { class: 'muted', text: t('edu.label', { label: t('resp.basis') }) }), r.basis || '—'),
              (r.records || []).length ? h('ul', { class: 'plain-list vet-records' }, r.records.map((x) => h('li', { text: recordLine(x) }))) : null,
            ),
          ),
        )
      : h('p', { text: t('resp.no_reasons') }),
    rules.length ? h('p', { class: 'muted rules-checked', text: t('resp.rules_checked', { rules: rules.map((r) => r.name + (r.fired ? t('resp.fired') : '')).join(t('edu.sep')) }) }) : null,
  );
}

function recordLine(x) {
  if (x.measure_name) return [x.decided_on, x.measure_name, x.case_no, x.promotion_ban_until ? t('resp.ban_until', { date: x.promotion_ban_until }) : '', x.revoked ? t('resp.revoked') : ''].filter(Boolean).join(' · ');
  if (x.case_no) return [x.case_no, x.subject, x.category_name, findingText(x.finding), x.finding_on].filter(Boolean).join(' · ');
  if (x.round) return [x.round, x.name, x.grade, x.worst ? t('resp.worst') : ''].filter(Boolean).join(' · ');
  if (x.programme) return [(x.programme && x.programme.name) || x.programme, x.missing_sessions ? t('edu.n_sessions', { n: x.missing_sessions }) : '', x.missing_hours ? t('edu.n_hours', { n: fmtNum(x.missing_hours) }) : ''].filter(Boolean).join(' · ');
  return JSON.stringify(x);
}

function recordCard(rec, title, id) {
  const r = rec || {};
  const part = (key, label, headers, row) => {
    const items = r[key] || [];
    return [h('h3', { text: paren(label, items.length) }), items.length ? table(headers, items.map(row), label) : h('p', { class: 'muted', text: t('common.none') })];
  };
  const caseRow = (c) => h('tr', { dataset: { case: c.case_no } }, h('td', { class: 'nowrap', text: c.case_no }), h('td', { text: c.subject }), h('td', null, c.category_name, c.category_veto ? [' ', badge(t('resp.veto_category'), 'danger')] : null), h('td', { text: findingText(c.finding) }), h('td', { class: 'nowrap', text: c.finding_on || c.received_on || '' }), h('td', { text: c.role ? tr('resp.case_role.', c.role) : c.unit_name || '' }));
  const caseHeads = [t('resp.col.case_no'), t('resp.col.subject'), t('resp.col.category'), t('resp.col.finding'), t('edu.col.date'), t('resp.col.role')];
  return h(
    'section',
    { class: 'card', id, 'aria-labelledby': id + '-h' },
    h('h2', { id: id + '-h', text: title }),
    part('sanctions', t('resp.sanctions'), [t('edu.col.date'), t('resp.col.measure'), t('resp.col.case_no'), t('resp.col.ban_until'), t('resp.basis')], (s) =>
      h('tr', null, h('td', { class: 'nowrap', text: s.decided_on }), h('td', null, s.measure_name, s.revoked ? [' ', badge(t('resp.revoked'), 'muted')] : null), h('td', { text: s.case_no || '' }), h('td', null, s.promotion_ban_until || '—', s.ban_active ? [' ', badge(t('resp.ban_active'), 'danger')] : null), h('td', { class: 'basis', text: s.basis || '' })),
    ),
    part('cases', t('resp.cases'), caseHeads, caseRow),
    part('inspections', t('resp.inspections'), [...caseHeads.slice(0, 5), t('edu.col.unit')], caseRow),
    part('education_owed', t('edu.owed'), [t('edu.col.programme'), t('edu.col.missing')], (o) => h('tr', null, h('td', { text: (o.programme && o.programme.name) || '' }), h('td', { text: recordLine(o) }))),
    part('unit_grades', t('resp.unit_grades'), [t('resp.col.round'), t('resp.col.grade'), t('resp.col.rank'), t('resp.col.flags')], (g) =>
      h('tr', null, h('td', { text: g.name || g.round }), h('td', { text: g.grade || '—' }), h('td', { class: 'num', text: g.rank === null || g.rank === undefined ? '—' : String(g.rank) }), h('td', null, g.worst ? badge(t('resp.worst'), 'danger') : null, g.veto ? badge(t('resp.veto'), 'danger') : null)),
    ),
  );
}

/* ---- #/veto-rules ---- */

export async function vetoRulesView(main, ctx) {
  const flash = h('div', { id: 'rules-msg', 'aria-live': 'polite' });
  const body = h('div', { id: 'veto-rules' });
  main.append(pageHeader(t('resp.rules_title'), t('resp.rules_intro')), respTabs(ctx, 'rules'), flash, body);
  takeFlash(flash);
  const office = ctx.role === 'office';
  await fill(body, async () => {
    const items = api.listOf(await api.get('/api/v1/veto-rules'), 'items');
    if (!items.length) return h('p', { class: 'muted', text: t('common.empty') });
    const rows = [];
    for (const r of items) {
      const panel = h('div', { id: 'rule-panel-' + r.code });
      const verb = r.active ? 'disable' : 'enable';
      // Switching a rule changes every later vetting: the office confirms it in a panel.
      const confirm = () => {
        const form = actionForm({
          id: 'rule-' + verb + '-' + r.code,
          title: t('resp.rule_' + verb + '_title', { name: r.name }),
          intro: t('resp.rule_' + verb + '_intro'),
          fields: [],
          submit: t('resp.rule_' + verb),
          onCancel: () => clear(panel),
          onSubmit: async () => {
            await api.patch('/api/v1/veto-rules/' + api.enc(r.code), { active: !r.active });
            flashNext(t('resp.rule_' + verb + 'd', { name: r.name }));
            ctx.navigate(location.hash);
          },
        });
        clear(panel).append(form);
        form.querySelector('button[type=submit]').focus();
      };
      rows.push(
        h(
          'tr',
          { dataset: { rule: r.code, active: r.active ? '1' : '0' }, class: r.active ? null : 'is-inactive' },
          h('td', null, h('strong', { text: r.name }), h('div', { class: 'unit-code', text: r.code })),
          h('td', { text: tr('resp.rule_kind.', r.kind) }),
          h('td', { text: paramsText(r.params) }),
          h('td', { class: 'basis', text: r.basis || '' }),
          h('td', null, r.active ? badge(t('common.active'), 'ok') : badge(t('common.inactive'), 'muted')),
          office ? h('td', null, h('button', { type: 'button', class: 'btn btn-small', id: 'rule-toggle-' + r.code, text: t('resp.rule_' + verb), on: { click: confirm } })) : null,
        ),
      );
      if (office) rows.push(h('tr', { class: 'panel-row' }, h('td', { colspan: '6' }, panel)));
    }
    const heads = [t('resp.col.rule'), t('resp.col.kind'), t('resp.col.params'), t('resp.basis'), t('resp.col.active')];
    if (office) heads.push(t('common.actions'));
    return table(heads, rows, t('resp.rules_title'));
  });
}

function paramsText(p) {
  const parts = [];
  for (const [k, v] of Object.entries(p || {})) {
    // a sanction_tier rule's tiers by their names (R5's kinds of measure), other lists' items
    // (findings, grades) by theirs
    const item = k === 'tiers' ? (x) => paren(t('sup.m.tier_' + x), x) : (x) => tr('resp.finding.', x);
    const val = Array.isArray(v) ? v.map(item).join(listSep()) : String(v);
    parts.push(t('edu.label', { label: tr('resp.param.', k) }) + val);
  }
  return parts.join(t('edu.sep')) || '—';
}

/* ---- #/liability-flags ---- */

export async function flagsView(main, ctx) {
  const signer = input({ id: 'flags-signer', value: ctx.query.get('signer') || '', placeholder: 'T01-001' });
  const person = input({ id: 'flags-person', value: ctx.query.get('person') || '' });
  const flash = h('div', { id: 'flags-msg', 'aria-live': 'polite' });
  const list = h('div', { id: 'flags-list' });
  const filters = h('form', { class: 'toolbar', id: 'flags-filter', role: 'search' }, field(t('resp.f.signer'), signer), field(t('resp.f.cadre'), person), h('div', { class: 'toolbar-buttons' }, h('button', { type: 'submit', class: 'btn', text: t('common.search') })));
  const asOf = input({ type: 'date', value: today() });
  const scan = actionForm({
    id: 'scan-form',
    title: t('resp.scan_title'),
    intro: t('resp.scan_intro'),
    fields: [{ name: 'as_of', label: t('resp.vet_as_of'), control: asOf }],
    submit: t('resp.scan_submit'),
    onSubmit: async (v) => {
      const r = await api.post('/api/v1/liability-flags/scan', v.as_of ? { as_of: v.as_of } : {});
      flashNext(t('resp.scanned', { n: r.created || 0, date: r.as_of }));
      ctx.navigate(location.hash);
    },
  });
  main.append(pageHeader(t('resp.flags_title'), t('resp.flags_intro')), respTabs(ctx, 'flags'), flash, scan, filters, list);
  takeFlash(flash);
  const load = () =>
    pagedList(list, {
      id: 'flags-page',
      fetchPage: (after) => api.get('/api/v1/liability-flags', { signer: signer.value.trim() || undefined, person: person.value.trim() || undefined, limit: PAGE, after }),
      empty: t('resp.flags_empty'),
      render: (items) => flagsTable(items),
    });
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (signer.value.trim()) q.set('signer', signer.value.trim());
    if (person.value.trim()) q.set('person', person.value.trim());
    ctx.replaceHash('#/liability-flags' + (q.toString() ? '?' + q : ''));
    load();
  });
  await load();
}

function flagsTable(items) {
  return table(
    [t('resp.signer'), t('resp.col.candidate'), t('resp.col.nomination'), t('resp.col.period'), t('resp.col.trigger'), t('resp.col.flagged_on')],
    items.map((f) =>
      h(
        'tr',
        { dataset: { id: String(f.id) } },
        h('td', null, personLink(f.signer), h('div', { class: 'muted', text: (f.signer && f.signer.post) || '' })),
        h('td', null, personLink(f.cadre), f.cadre && f.cadre.unit ? h('div', null, unitLink(f.cadre.unit)) : null),
        h('td', null, f.nomination ? h('a', { href: nomHash(f.nomination.id), text: paren(f.nomination.proposed_post, f.nomination.nominated_on) }) : '—'),
        h('td', { class: 'nowrap', text: f.signed_on + ' — ' + f.liability_until }),
        h('td', null, badge(tr('resp.source.', f.source), 'warn'), ' ', f.record ? recordLine(f.record) : '', h('div', { class: 'muted', text: f.source_on || '' })),
        h('td', { class: 'nowrap', text: f.flagged_on }),
      ),
    ),
    t('resp.flags_title'),
  );
}

/* ---- responsibility reports: #/units/{code}/responsibility, #/people/{code}/responsibility ---- */

function periodForm(ctx, base, extra) {
  const to0 = ctx.query.get('to') || today();
  const from0 = ctx.query.get('from') || to0.slice(0, 4) + '-01-01';
  const from = input({ type: 'date', id: 'report-from', value: from0 });
  const to = input({ type: 'date', id: 'report-to', value: to0 });
  const narrow = (label, control) => h('div', { class: 'field field-narrow' }, h('label', { for: control.id, text: label }), control);
  const f = h('form', { class: 'toolbar', id: 'report-period' }, narrow(t('resp.from'), from), narrow(t('resp.to'), to), h('div', { class: 'toolbar-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('edu.show') }), extra ? extra(from0, to0) : null));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.navigate(base + '?from=' + encodeURIComponent(from.value) + '&to=' + encodeURIComponent(to.value));
  });
  return { form: f, from: from0, to: to0 };
}

function csvLink(path, from, to, name) {
  const q = (format) => path + '?' + new URLSearchParams({ from, to, format });
  return h(
    'span',
    { class: 'downloads' },
    h('a', { class: 'btn', id: 'download-csv', href: q('csv'), download: name + '.csv', text: t('edu.download_csv') }),
    ' ',
    h('a', { class: 'btn', id: 'download-xlsx', href: q('xlsx'), download: name + '.xlsx', text: t('edu.download_xlsx') }),
  );
}

function summaryLine(s) {
  return t('resp.summary', { cases: s.cases || 0, substantiated: s.substantiated || 0, partly: s.partly || 0, unsubstantiated: s.unsubstantiated || 0, pending: s.pending || 0 });
}

export async function unitReportView(main, ctx) {
  const code = ctx.params.code;
  const base = '#/units/' + encodeURIComponent(code) + '/responsibility';
  const head = h('div', { class: 'page-head' }, crumbs(['#/units', t('units.title')], ['#/units/' + encodeURIComponent(code), code]), h('h1', { tabindex: '-1', text: t('resp.report') }));
  const path = '/api/v1/units/' + api.enc(code) + '/responsibility-report';
  const p = periodForm(ctx, base, (from, to) => csvLink(path, from, to, 'responsibility-' + code));
  const body = h('div', { id: 'report' });
  main.append(head, p.form, body);
  await fill(body, async () => {
    const d = await api.get(path, { from: p.from, to: p.to });
    head.querySelector('.crumbs a:last-child').textContent = d.unit.name;
    head.querySelector('h1').textContent = t('resp.unit_report_of', { unit: d.unit.name });
    head.append(h('p', { class: 'unit-meta' }, badge(d.unit.code, 'code'), ' ', h('span', { class: 'muted', text: t('resp.period_value', d.period) })));
    const team = d.team || [];
    const out = [];
    if (d.main_leader_missing) out.push(notice(t('resp.main_missing'), 'warn'));
    out.push(
      h('section', { class: 'card', id: 'report-summary', 'aria-labelledby': 'rs-h' }, h('h2', { id: 'rs-h', text: t('resp.summary_title') }), h('p', { text: summaryLine(d.summary || {}) })),
      h(
        'section',
        { class: 'card', id: 'report-team', 'aria-labelledby': 'rt-h' },
        h('h2', { id: 'rt-h', text: t('resp.team') }),
        table(
          [t('resp.col.leader'), t('resp.col.role'), t('resp.col.areas'), t('resp.col.education'), t('resp.cases'), t('resp.report')],
          team.map((m) =>
            h(
              'tr',
              { dataset: { person: m.person.code } },
              h('td', null, personLink(m.person), h('div', { class: 'muted', text: m.title || m.person.post || '' })),
              h('td', null, m.role === 'main' ? badge(m.role_zh || t('resp.main'), 'main') : m.role_zh || m.role),
              h('td', { text: (m.areas || []).join(listSep()) || '—' }),
              h('td', { text: m.education ? t('resp.edu_line', { hours: fmtNum(m.education.hours), lectures: m.education.lectures || 0, owed: m.education.owed || 0 }) : '—' }),
              h('td', { text: (m.cases || []).join(listSep()) || '0' }),
              h('td', null, h('a', { href: '#/people/' + encodeURIComponent(m.person.code) + '/responsibility?from=' + p.from + '&to=' + p.to, text: t('resp.report_link') })),
            ),
          ),
          t('resp.team'),
        ),
        (d.overseeing_leaders || []).length ? h('p', { class: 'muted', id: 'overseeing' }, t('edu.label', { label: t('resp.overseeing') }), d.overseeing_leaders.map((o, i) => [i ? listSep() : null, personLink(o.leader), o.area ? paren('', o.area) : null])) : null,
      ),
      casesCard(d.cases || [], true),
      sanctionsCard(d.sanctions || []),
    );
    if ((d.liability_flags || []).length) out.push(h('section', { class: 'card', 'aria-labelledby': 'rf-h' }, h('h2', { id: 'rf-h', text: t('resp.flags_title') }), flagsTable(d.liability_flags)));
    return out;
  });
}

function casesCard(cases, answerable) {
  return h(
    'section',
    { class: 'card', id: 'report-cases', 'aria-labelledby': 'rc-h' },
    h('h2', { id: 'rc-h', text: paren(t('resp.cases'), cases.length) }),
    cases.length
      ? table(
          [t('resp.col.case_no'), t('resp.col.subject'), t('resp.col.category'), t('resp.col.finding'), t('resp.col.person'), answerable ? t('resp.col.answerable') : t('resp.col.as')],
          cases.map((c) =>
            h(
              'tr',
              { dataset: { case: c.case_no } },
              h('td', { class: 'nowrap', text: c.case_no }),
              h('td', { text: c.subject }),
              h('td', null, c.category_name, c.category_veto ? [' ', badge(t('resp.veto_category'), 'danger')] : null),
              h('td', { text: findingText(c.finding) + (c.finding_on ? paren('', c.finding_on) : '') }),
              h('td', null, c.person_code ? personLink({ code: c.person_code, name: c.person_name }) : '—'),
              h('td', null, answerable ? (c.answerable ? [personLink(c.answerable), h('div', { class: 'muted', text: tr('resp.rule.', c.answerable_rule) })] : '—') : tr('resp.as.', c.as)),
            ),
          ),
          t('resp.cases'),
        )
      : h('p', { class: 'muted', text: t('resp.cases_none') }),
  );
}

function sanctionsCard(items) {
  return h(
    'section',
    { class: 'card', id: 'report-sanctions', 'aria-labelledby': 'rsa-h' },
    h('h2', { id: 'rsa-h', text: paren(t('resp.sanctions'), items.length) }),
    items.length
      ? table(
          [t('edu.col.date'), t('resp.col.measure'), t('resp.col.person'), t('resp.col.case_no'), t('resp.basis')],
          items.map((s) => h('tr', null, h('td', { class: 'nowrap', text: s.decided_on }), h('td', { text: s.measure_name }), h('td', null, s.person_code ? personLink({ code: s.person_code, name: s.person_name }) : s.unit_name || '—'), h('td', { text: s.case_no || '' }), h('td', { class: 'basis', text: s.basis || '' }))),
          t('resp.sanctions'),
        )
      : h('p', { class: 'muted', text: t('common.none') }),
  );
}

export async function personReportView(main, ctx) {
  const code = ctx.params.code;
  const base = '#/people/' + encodeURIComponent(code) + '/responsibility';
  const head = h('div', { class: 'page-head' }, crumbs(['#/people', t('people.title')], ['#/people/' + encodeURIComponent(code), code]), h('h1', { tabindex: '-1', text: t('resp.report') }));
  const path = '/api/v1/people/' + api.enc(code) + '/responsibility-report';
  const p = periodForm(ctx, base, (from, to) => csvLink(path, from, to, 'responsibility-' + code));
  const body = h('div', { id: 'report' });
  main.append(head, p.form, body);
  await fill(body, async () => {
    const d = await api.get(path, { from: p.from, to: p.to });
    const person = d.person;
    head.querySelector('.crumbs a:last-child').textContent = person.name;
    head.querySelector('h1').textContent = t('resp.person_report_of', { name: person.name });
    head.append(h('p', { class: 'unit-meta' }, badge(person.code, 'code'), ' ', person.unit ? unitLink(person.unit) : null, ' ', h('span', { class: 'muted', text: [person.post, person.rank].filter(Boolean).join(' · ') + ' · ' + t('resp.period_value', d.period) })));
    const roles = [
      ...(d.team || []).map((m) => [unitLink(m.unit), (m.role_zh || m.role) + (m.title ? paren('', m.title) : ''), (m.areas || []).join(listSep())]),
      ...(d.oversight || []).map((o) => [o.unit ? unitLink(o.unit) : t('resp.district'), t('resp.overseeing'), o.area || (o.areas || []).join(listSep()) || '—']),
    ];
    const edu = d.education || {};
    const signed = d.signed_nominations || [];
    return [
      h('section', { class: 'card', id: 'report-summary', 'aria-labelledby': 'rs-h' }, h('h2', { id: 'rs-h', text: t('resp.summary_title') }), h('p', { text: summaryLine(d.summary || {}) }), roles.length ? table([t('people.unit_col'), t('resp.col.role'), t('resp.col.areas')], roles, t('resp.roles')) : h('p', { class: 'muted', text: t('resp.no_roles') })),
      casesCard(d.cases || [], false),
      h('section', { class: 'card', 'aria-labelledby': 'rfd-h' }, h('h2', { id: 'rfd-h', text: paren(t('resp.findings'), (d.findings || []).length) }), (d.findings || []).length ? h('ul', { class: 'plain-list' }, d.findings.map((f) => h('li', { text: recordLine(f) }))) : h('p', { class: 'muted', text: t('common.none') })),
      sanctionsCard(d.sanctions || []),
      h(
        'section',
        { class: 'card', id: 'report-signed', 'aria-labelledby': 'rsn-h' },
        h('h2', { id: 'rsn-h', text: paren(t('resp.signed_nominations'), signed.length) }),
        signed.length ? table([t('resp.col.candidate'), t('resp.col.proposed'), t('resp.signed_on'), t('resp.liability_until')], signed.map((s) => h('tr', null, h('td', null, personLink({ code: s.cadre_code, name: s.cadre_name })), h('td', null, h('a', { href: nomHash(s.nomination), text: s.proposed_post })), h('td', { text: s.signed_on }), h('td', { text: s.liability_until }))), t('resp.signed_nominations')) : h('p', { class: 'muted', text: t('common.none') }),
      ),
      (d.liability_flags || []).length ? h('section', { class: 'card', 'aria-labelledby': 'rf-h' }, h('h2', { id: 'rf-h', text: t('resp.flags_title') }), flagsTable(d.liability_flags)) : null,
      h(
        'section',
        { class: 'card', id: 'report-education', 'aria-labelledby': 're-h' },
        h('h2', { id: 're-h', text: t('edu.dossier') }),
        h('p', null, t('resp.edu_line', { hours: fmtNum(edu.hours), lectures: edu.lectures_given || 0, owed: (edu.owed || []).length }), ' ', h('a', { href: '#/people/' + encodeURIComponent(code) + '/education?year=' + p.to.slice(0, 4), text: t('edu.dossier_link') })),
      ),
    ];
  });
}
