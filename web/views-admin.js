// views-admin.js: the three administrators' pages (三员分立): accounts (sysadmin), the
// security policy and unlocking (secadmin), the audit and login logs (auditor).

import { t, has } from './i18n.js';
import * as api from './api.js';
import { h, clear, field, notice, fill, errorText, table, badge, pageHeader, timeCell } from './ui.js';

const ROLES = ['office', 'inspector', 'unit_leader', 'unit_staff', 'supervisor', 'viewer', 'sysadmin', 'secadmin', 'auditor'];

function roleName(r) {
  return has('role.' + r) ? t('role.' + r) : r;
}

function flash(box, text, kind) {
  clear(box).append(notice(text, kind || 'success'));
}

/* ---- #/admin/users (sysadmin) ---- */

export async function usersView(main, ctx) {
  const msg = h('div', { class: 'form-msg', id: 'users-msg', 'aria-live': 'polite' });
  const list = h('div', { id: 'users-list' });

  const uName = h('input', { id: 'nu-username', name: 'username', required: true, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' });
  const uDisplay = h('input', { id: 'nu-display', name: 'display_name', autocomplete: 'off' });
  const uRole = h('select', { id: 'nu-role', name: 'role', required: true }, ROLES.map((r) => h('option', { value: r, text: roleName(r) + '（' + r + '）' })));
  const unitOptions = h('datalist', { id: 'nu-unit-options' });
  const uUnit = h('input', { id: 'nu-unit', name: 'unit', autocomplete: 'off', list: 'nu-unit-options' });
  // Unit codes to pick from (the system administrator may list units; a failure leaves a plain field).
  api
    .getAll('/api/v1/units', 'units')
    .then((units) => {
      for (const u of units) if (u.active !== false) unitOptions.append(h('option', { value: u.code, text: u.name }));
    })
    .catch(() => {});
  const uPass = h('input', { id: 'nu-password', name: 'password', type: 'password', required: true, autocomplete: 'new-password' });
  const createMsg = h('div', { class: 'form-msg', 'aria-live': 'polite' });
  const createForm = h(
    'form',
    { class: 'card form-grid', id: 'user-create', 'aria-labelledby': 'sec-create' },
    h('h2', { id: 'sec-create', text: t('users.create') }),
    createMsg,
    field(t('users.username'), uName),
    field(t('users.display_name'), uDisplay),
    field(t('users.role'), uRole),
    field(t('users.unit'), uUnit, t('users.unit_hint')),
    unitOptions,
    field(t('users.initial_password'), uPass, t('pw.rule')),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('users.create_submit') })),
  );
  createForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(createMsg);
    const body = { username: uName.value.trim(), role: uRole.value, password: uPass.value };
    if (uDisplay.value.trim()) body.display_name = uDisplay.value.trim();
    if (uUnit.value.trim()) body.unit = uUnit.value.trim();
    try {
      await api.post('/api/v1/users', body);
      flash(createMsg, t('users.created_ok', { u: body.username }));
      createForm.reset();
      load();
    } catch (err) {
      clear(createMsg).append(notice(errorText(err) + (err.field ? ' (' + err.field + ')' : ''), 'error'));
      const target = { username: uName, role: uRole, unit: uUnit, password: uPass, display_name: uDisplay }[err.field];
      if (target) target.focus();
    }
  });

  // Resetting a password: a small form that opens under the table for one account.
  const resetBox = h('div', { id: 'reset-box' });
  const openReset = (username) => {
    const pw = h('input', { id: 'reset-password', type: 'password', required: true, autocomplete: 'new-password' });
    const rmsg = h('div', { class: 'form-msg' });
    const f = h(
      'form',
      { class: 'card inline-form', 'aria-labelledby': 'reset-title' },
      h('h2', { id: 'reset-title', text: t('users.reset_pw') + '：' + username }),
      rmsg,
      field(t('users.new_password'), pw, t('pw.rule')),
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', text: t('users.reset_pw') }),
        h('button', { type: 'button', class: 'btn', text: t('common.cancel'), on: { click: () => clear(resetBox) } })),
    );
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api.post('/api/v1/users/' + api.enc(username) + '/password', { new_password: pw.value });
        clear(resetBox);
        flash(msg, t('users.reset_ok', { u: username }));
        load();
      } catch (err) {
        clear(rmsg).append(notice(errorText(err), 'error'));
        pw.focus();
      }
    });
    clear(resetBox).append(f);
    pw.focus();
  };

  const act = async (username, what) => {
    clear(msg);
    try {
      await api.post('/api/v1/users/' + api.enc(username) + '/' + what, {});
      flash(msg, t(what === 'deactivate' ? 'users.deactivated_ok' : 'users.activated_ok', { u: username }));
      load();
    } catch (err) {
      clear(msg).append(notice(errorText(err), 'error'));
    }
  };

  const load = () =>
    fill(list, async () => {
      const users = api.listOf(await api.get('/api/v1/users'), 'users');
      if (!users.length) return notice(t('common.empty'), 'info');
      const me = ctx.session.user.username;
      const rows = users.map((u) => {
        const active = u.active !== false && u.active !== 0;
        const flags = [
          u.must_change ? badge(t('users.must_change'), 'warn') : null,
          u.locked ? badge(t('users.locked'), 'danger') : null,
          u.demo_password ? badge(t('users.demo_password'), 'warn') : null,
        ];
        const actions = h('div', { class: 'row-actions' },
          active
            ? h('button', { type: 'button', class: 'btn btn-small', disabled: u.username === me, text: t('users.deactivate'), 'aria-label': t('users.deactivate') + ' ' + u.username, on: { click: () => { if (confirm(t('users.confirm_deactivate', { u: u.username }))) act(u.username, 'deactivate'); } } })
            : h('button', { type: 'button', class: 'btn btn-small', text: t('users.activate'), 'aria-label': t('users.activate') + ' ' + u.username, on: { click: () => act(u.username, 'activate') } }),
          h('button', { type: 'button', class: 'btn btn-small', text: t('users.reset_pw'), 'aria-label': t('users.reset_pw') + ' ' + u.username, on: { click: () => openReset(u.username) } }),
        );
        return h('tr', { dataset: { username: u.username }, class: active ? '' : 'is-inactive' },
          h('td', null, h('strong', { text: u.username })),
          h('td', { text: u.display_name || '' }),
          h('td', { text: roleName(u.role) }),
          h('td', { text: u.unit || '—' }),
          h('td', null, active ? badge(t('common.active'), 'ok') : badge(t('common.inactive'), 'muted')),
          h('td', null, flags),
          h('td', null, timeCell(u.created_at)),
          h('td', null, actions),
        );
      });
      return [
        h('p', { class: 'muted', text: t('common.count', { n: users.length }) }),
        table([t('users.username'), t('users.display_name'), t('users.role'), t('users.unit'), t('users.status'), t('users.flags'), t('users.created'), t('common.actions')], rows, t('users.title')),
      ];
    });

  main.append(pageHeader(t('users.title'), t('users.intro')), msg, list, resetBox, createForm);
  await load();
}

/* ---- #/admin/policy (secadmin) ---- */

const POLICY_KEYS = ['pw_min_length', 'pw_min_classes', 'pw_max_age_days', 'lock_threshold', 'lock_minutes', 'idle_minutes', 'addr_fail_limit', 'addr_fail_window_minutes', 'allow_list'];

export async function policyView(main) {
  const body = h('div', { id: 'policy' });
  const msg = h('div', { class: 'form-msg', 'aria-live': 'polite' });

  const uUser = h('input', { id: 'unlock-username', name: 'username', required: true, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' });
  const umsg = h('div', { class: 'form-msg', 'aria-live': 'polite' });
  const unlock = h(
    'form',
    { class: 'card form-grid', id: 'unlock-form', 'aria-labelledby': 'sec-unlock' },
    h('h2', { id: 'sec-unlock', text: t('policy.unlock_title') }),
    h('p', { class: 'muted', text: t('policy.unlock_intro') }),
    umsg,
    field(t('policy.unlock_user'), uUser),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('policy.unlock_submit') })),
  );
  unlock.addEventListener('submit', async (e) => {
    e.preventDefault();
    const u = uUser.value.trim();
    if (!u) return uUser.focus();
    try {
      await api.post('/api/v1/users/' + api.enc(u) + '/unlock', {});
      flash(umsg, t('policy.unlocked_ok', { u }));
      unlock.reset();
    } catch (err) {
      clear(umsg).append(notice(errorText(err), 'error'));
      uUser.focus();
    }
  });

  main.append(pageHeader(t('policy.title'), t('policy.intro')), msg, body, unlock);

  const draw = (policy) => {
    const inputs = {};
    const keys = [...POLICY_KEYS.filter((k) => k in policy), ...Object.keys(policy).filter((k) => !POLICY_KEYS.includes(k))];
    const form = h('form', { class: 'card form-grid', id: 'policy-form', 'aria-label': t('policy.title') });
    for (const k of keys) {
      const v = policy[k];
      const numeric = typeof v === 'number';
      const input = h('input', { id: 'pol-' + k, name: k, type: numeric ? 'number' : 'text', value: v === null || v === undefined ? '' : String(v), inputmode: numeric ? 'numeric' : null, step: numeric ? '1' : null, min: numeric ? '0' : null });
      inputs[k] = { input, numeric, orig: v };
      form.append(field(has('policy.' + k) ? t('policy.' + k) : k, input));
    }
    form.append(h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('common.save') })));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clear(msg);
      const change = {};
      for (const [k, { input, numeric, orig }] of Object.entries(inputs)) {
        const v = numeric ? Number(input.value) : input.value.trim();
        if (numeric && (input.value.trim() === '' || !Number.isInteger(v))) {
          clear(msg).append(notice(t('err.invalid') + ' ' + (has('policy.' + k) ? t('policy.' + k) : k), 'error'));
          input.focus();
          return;
        }
        if (v !== orig) change[k] = v;
      }
      if (!Object.keys(change).length) {
        flash(msg, t('policy.unchanged'), 'info');
        return;
      }
      try {
        const updated = await api.patch('/api/v1/security/policy', change);
        clear(body).append(draw(updated && typeof updated === 'object' && !Array.isArray(updated) ? updated : { ...policy, ...change }));
        flash(msg, t('common.saved'));
      } catch (err) {
        clear(msg).append(notice(errorText(err) + (err.field ? ' (' + (has('policy.' + err.field) ? t('policy.' + err.field) : err.field) + ')' : ''), 'error'));
        if (inputs[err.field]) inputs[err.field].input.focus();
      }
    });
    return form;
  };
  await fill(body, async () => draw(await api.get('/api/v1/security/policy')));
}

/* ---- #/audit and #/audit/logins (auditor) ---- */

const LOG_PAGE = 50;

function logPage(main, ctx, { title, intro, path, columns, row, filter, verify, newestFirst }) {
  const results = h('div', { id: 'log-results' });
  const pager = h('nav', { class: 'pager', 'aria-label': title });
  const verifyBox = h('div', { id: 'verify-result', 'aria-live': 'polite' });
  const tools = [];
  let entity = ctx.query.get('entity') || '';
  if (filter) {
    const ent = h('input', { id: 'audit-entity', name: 'entity', value: entity, placeholder: t('audit.entity_ph'), autocomplete: 'off' });
    const f = h('form', { class: 'toolbar', role: 'search' }, field(t('audit.entity'), ent), h('div', { class: 'toolbar-buttons' }, h('button', { type: 'submit', class: 'btn', text: t('audit.filter') })));
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      entity = ent.value.trim();
      ctx.replaceHash('#/audit' + (entity ? '?entity=' + encodeURIComponent(entity) : ''));
      cursors.length = 1;
      pageNo = 0;
      load();
    });
    tools.push(f);
  }
  let verifyBtn = null;
  if (verify) {
    verifyBtn = h('button', { type: 'button', class: 'btn btn-primary', id: 'audit-verify', text: t('audit.verify') });
    verifyBtn.addEventListener('click', async () => {
      verifyBtn.disabled = true;
      verifyBtn.textContent = t('audit.verifying');
      clear(verifyBox);
      try {
        const r = await api.get('/api/v1/audit/verify');
        const bad = r.first_bad || {};
        verifyBox.append(
          r.intact
            ? notice(t('audit.intact', { n: r.entries }), 'success')
            : notice(t('audit.broken', { n: r.entries, id: bad.id ?? '?', reason: bad.reason || '' }), 'error'),
        );
      } catch (err) {
        verifyBox.append(notice(errorText(err), 'error'));
      } finally {
        verifyBtn.disabled = false;
        verifyBtn.textContent = t('audit.verify');
      }
    });
  }
  main.append(pageHeader(title, intro, verifyBtn ? h('div', { class: 'head-actions' }, verifyBtn) : null), verifyBox, ...tools, results, pager);

  const cursors = [undefined];
  let pageNo = 0;
  const load = () =>
    fill(results, async () => {
      const params = { limit: LOG_PAGE + 1, after: cursors[pageNo] };
      if (filter && entity) params.entity = entity;
      if (newestFirst) params.order = 'desc';
      let list = api.listOf(await api.get(path, params), 'entries');
      const more = list.length > LOG_PAGE;
      list = list.slice(0, LOG_PAGE);
      if (more) cursors[pageNo + 1] = list[list.length - 1].id;
      clear(pager);
      if (pageNo > 0 || more) {
        pager.append(
          h('button', { type: 'button', class: 'btn', id: 'log-prev', disabled: pageNo === 0, text: t('common.prev'), on: { click: () => { pageNo -= 1; load(); } } }),
          h('span', { class: 'page-no', text: t('common.page', { n: pageNo + 1 }) }),
          h('button', { type: 'button', class: 'btn', id: 'log-next', disabled: !more, text: t('common.next'), on: { click: () => { pageNo += 1; load(); } } }),
        );
      }
      if (!list.length) return notice(t('common.empty'), 'info');
      return table(columns, list.map(row), title);
    });
  return load();
}

function changesText(c) {
  if (!c || typeof c !== 'object') return c ? String(c) : '';
  const parts = Object.entries(c).map(([k, v]) => k + '=' + (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)));
  return parts.join('; ');
}

function resultBadge(r, prefix) {
  const ok = r === 'ok' || r === 'success';
  const key = (prefix || 'logins.r.') + r;
  return badge(has(key) ? t(key) : r || '', ok ? 'ok' : 'danger', r);
}

export function auditView(main, ctx) {
  return logPage(main, ctx, {
    title: t('audit.title'),
    intro: t('audit.intro'),
    path: '/api/v1/audit',
    filter: true,
    newestFirst: true,
    verify: true,
    columns: [t('audit.id'), t('audit.at'), t('audit.actor'), t('audit.addr'), t('audit.action'), t('audit.object'), t('audit.result'), t('audit.changes')],
    row: (e) => [
      String(e.id),
      timeCell(e.at),
      e.actor || '',
      e.addr || '',
      e.action || '',
      [e.entity, e.entity_id].filter(Boolean).join(' '),
      resultBadge(e.result),
      h('code', { class: 'changes', text: changesText(e.changes) }),
    ],
  });
}

export function loginsView(main, ctx) {
  return logPage(main, ctx, {
    title: t('logins.title'),
    intro: t('logins.intro'),
    path: '/api/v1/audit/logins',
    columns: [t('audit.id'), t('audit.at'), t('logins.username'), t('audit.addr'), t('logins.result')],
    row: (e) => [String(e.id), timeCell(e.at), e.username || '', e.addr || '', resultBadge(e.result)],
  });
}
