// app.js: the shell of the zuofeng browser UI: session, login, forced password change,
// header, hash routing, and which pages each role is offered.

import { t, getLang, setLang, applyDocumentLang } from './i18n.js';
import * as api from './api.js';
import { h, clear, field, notice, errorText, errorDetail } from './ui.js';
import { unitsView, unitView, peopleView, personView } from './views-org.js';
import { usersView, policyView, auditView, loginsView } from './views-admin.js';
import { roundsView, roundView, scorecardView } from './views-eval.js';
import { casesView, caseView, overdueView, statsView, sanctionsView, catalogueView, exposuresView, periodsView, inspectionsView, inspectionView, decisionsView, decisionView, taskView, stationsView, stationView, routinesView, projectsView, projectView } from './views-supervise.js';
import { programmesView, programmeView, sessionView, completionView, unitEducationView, dossierView, appointmentsView } from './views-educate.js';
import { nominationsView, nominationView, vetoRulesView, flagsView, unitReportView, personReportView } from './views-respons.js';

const BUSINESS = ['office', 'inspector', 'unit_leader', 'unit_staff', 'supervisor', 'viewer'];
// Who may see evaluation results: the office and the inspector always, the others once a
// round is published (the server enforces both; supervisors see none).
const EVAL = ['office', 'inspector', 'unit_leader', 'unit_staff', 'viewer'];
// Supervision: who reads cases (a unit account its own unit's, a supervisor what it filed),
// who sees the overdue list and the figures, who reads sanctions, who keeps the exposures.
const CASES = ['office', 'inspector', 'unit_leader', 'unit_staff', 'supervisor'];
const CASE_WORK = ['office', 'inspector', 'unit_leader', 'unit_staff'];
const SANCTIONS = ['office', 'inspector', 'unit_leader', 'unit_staff', 'viewer'];
// Education and appointments: everyone of the business but the supervisor; the completion of
// all units is the district's (office, inspector, viewer). Nominations: the office, the
// inspector and unit accounts; liability flags: the office and the inspector.
const EDU = ['office', 'inspector', 'unit_leader', 'unit_staff', 'viewer'];
const EDU_DISTRICT = ['office', 'inspector', 'viewer'];
const NOMS = ['office', 'inspector', 'unit_leader', 'unit_staff'];
const REPORTS = ['office', 'inspector', 'unit_leader', 'unit_staff', 'viewer'];

// Every page: its hash, who may open it, and what draws it. The nav shows the ones with a
// label that the role may open (or, with navRoles, that those roles are offered), in this order.
const PAGES = [
  { name: 'units', path: ['units'], nav: 'nav.units', roles: BUSINESS, view: unitsView },
  { name: 'unit', path: ['units', ':code'], roles: BUSINESS, view: unitView, navAs: 'units' },
  { name: 'people', path: ['people'], nav: 'nav.people', roles: BUSINESS, view: peopleView },
  { name: 'person', path: ['people', ':code'], roles: BUSINESS, view: personView, navAs: 'people' },
  { name: 'rounds', path: ['rounds'], nav: 'nav.eval', roles: EVAL, view: roundsView },
  { name: 'round', path: ['rounds', ':code'], roles: EVAL, view: roundView, navAs: 'rounds' },
  { name: 'scorecard', path: ['rounds', ':code', 'units', ':unit'], roles: EVAL, view: scorecardView, navAs: 'rounds' },
  { name: 'cases', path: ['cases'], nav: 'nav.cases', roles: CASES, view: casesView },
  { name: 'case-overdue', path: ['cases', 'overdue'], roles: CASE_WORK, view: overdueView, navAs: 'cases' },
  { name: 'case-stats', path: ['cases', 'stats'], roles: [...CASE_WORK, 'viewer'], view: statsView, navAs: 'cases' },
  { name: 'case-stats', path: ['cases', 'stats'], nav: 'sup.nav.stats', roles: ['viewer'], view: statsView }, // the viewer's nav entry
  { name: 'case', path: ['cases', ':case_no'], roles: CASES, view: caseView, navAs: 'cases' },
  { name: 'sanctions', path: ['sanctions'], nav: 'nav.sanctions', roles: SANCTIONS, view: sanctionsView },
  { name: 'catalogue', path: ['sanctions', 'catalogue'], roles: SANCTIONS, view: catalogueView, navAs: 'sanctions' },
  { name: 'exposures', path: ['exposures'], nav: 'nav.exposures', roles: ['office', 'inspector'], view: exposuresView },
  { name: 'periods', path: ['work'], nav: 'nav.work', roles: ['office', 'inspector', 'viewer'], view: periodsView },
  { name: 'inspections', path: ['work', 'inspections'], roles: ['office', 'inspector'], view: inspectionsView, navAs: 'periods' },
  { name: 'inspection', path: ['work', 'inspections', ':id'], roles: ['office', 'inspector'], view: inspectionView, navAs: 'periods' },
  { name: 'decisions', path: ['work', 'decisions'], roles: ['office', 'inspector', 'viewer'], view: decisionsView, navAs: 'periods' },
  { name: 'decision', path: ['work', 'decisions', ':id'], roles: SANCTIONS, view: decisionView, navAs: 'periods' },
  { name: 'routines', path: ['work', 'routines'], roles: ['office', 'inspector', 'viewer', 'unit_leader'], view: routinesView, navAs: 'periods' },
  { name: 'task', path: ['work', 'tasks', ':id'], roles: SANCTIONS, view: taskView, navAs: 'periods' },
  { name: 'projects', path: ['work', 'projects'], roles: ['office', 'inspector', 'viewer', 'unit_leader', 'unit_staff'], view: projectsView, navAs: 'periods' },
  { name: 'project', path: ['work', 'projects', ':id'], roles: ['office', 'inspector', 'viewer', 'unit_leader', 'unit_staff'], view: projectView, navAs: 'periods' },
  { name: 'stations', path: ['stations'], nav: 'nav.stations', roles: BUSINESS, view: stationsView },
  { name: 'station', path: ['stations', ':id'], roles: BUSINESS, view: stationView, navAs: 'stations' },
  { name: 'education', path: ['education'], nav: 'nav.education', roles: EDU, view: programmesView },
  { name: 'programme', path: ['education', 'programmes', ':code'], roles: EDU, view: programmeView, navAs: 'education' },
  { name: 'session', path: ['education', 'sessions', ':id'], roles: EDU, view: sessionView, navAs: 'education' },
  { name: 'completion', path: ['education', 'completion'], roles: EDU_DISTRICT, view: completionView, navAs: 'education' },
  { name: 'unit-education', path: ['education', 'units', ':code'], roles: EDU, view: unitEducationView, navAs: 'education' },
  { name: 'dossier', path: ['people', ':code', 'education'], roles: EDU, view: dossierView, navAs: 'people' },
  { name: 'appointments', path: ['appointments'], nav: 'nav.appointments', navRoles: ['office'], roles: EDU, view: appointmentsView },
  { name: 'nominations', path: ['nominations'], nav: 'nav.nominations', roles: NOMS, view: nominationsView },
  { name: 'nomination', path: ['nominations', ':id'], roles: NOMS, view: nominationView, navAs: 'nominations' },
  { name: 'veto-rules', path: ['veto-rules'], roles: BUSINESS, view: vetoRulesView, navAs: 'nominations' },
  { name: 'liability-flags', path: ['liability-flags'], roles: ['office', 'inspector'], view: flagsView, navAs: 'nominations' },
  { name: 'unit-report', path: ['units', ':code', 'responsibility'], roles: REPORTS, view: unitReportView, navAs: 'units' },
  { name: 'person-report', path: ['people', ':code', 'responsibility'], roles: REPORTS, view: personReportView, navAs: 'people' },
  { name: 'users', path: ['admin', 'users'], nav: 'nav.users', roles: ['sysadmin'], view: usersView },
  { name: 'policy', path: ['admin', 'policy'], nav: 'nav.policy', roles: ['secadmin'], view: policyView },
  { name: 'audit', path: ['audit'], nav: 'nav.audit', roles: ['auditor'], view: auditView },
  { name: 'logins', path: ['audit', 'logins'], nav: 'nav.logins', roles: ['auditor'], view: loginsView },
];

const HOME = { sysadmin: '#/admin/users', secadmin: '#/admin/policy', auditor: '#/audit' };

const state = {
  session: null, // {user:{username,role,unit}, csrf_token, must_change_password}
  screen: 'boot', // boot | login | password | app
  loginNotice: null, // {text, kind} shown above the login form once
};

const els = {};

function role() {
  return (state.session && state.session.user && state.session.user.role) || '';
}

// Where each role lands: an administrator on its one page, a unit-scoped account on its
// own unit (it may see only that unit's team and chain), everyone else on the unit list.
function homeOf(r) {
  if (HOME[r]) return HOME[r];
  const unit = state.session && state.session.user && state.session.user.unit;
  if (unit && ['unit_leader', 'unit_staff', 'supervisor'].includes(r)) return '#/units/' + encodeURIComponent(unit);
  return '#/units';
}

// '#/units/T01?area=x' -> {parts:['units','T01'], query: URLSearchParams}
export function parseHash(hash) {
  const raw = (hash || '').replace(/^#\/?/, '');
  const qi = raw.indexOf('?');
  const path = qi < 0 ? raw : raw.slice(0, qi);
  const query = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch (e) {
        return p;
      }
    });
  return { parts, query };
}

function matchPage(parts) {
  for (const p of PAGES) {
    if (p.path.length !== parts.length) continue;
    const params = {};
    let ok = true;
    p.path.forEach((seg, i) => {
      if (seg.startsWith(':')) params[seg.slice(1)] = parts[i];
      else if (seg !== parts[i]) ok = false;
    });
    if (ok) return { page: p, params };
  }
  return null;
}

// Navigation the views use: go to a hash (adds a history entry), or replace the current
// one without redrawing (for filters a view already applied).
export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}
export function replaceHash(hash) {
  history.replaceState(null, '', hash);
}

/* ---- header ---- */

function renderHeader() {
  const hdr = clear(els.header);
  const brand = h(
    'a',
    { class: 'brand', href: state.screen === 'app' ? homeOf(role()) : '#/' },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true', text: '作' }),
    h('span', { class: 'brand-text' }, h('span', { class: 'brand-name', text: t('app.title') }), h('span', { class: 'brand-sub', text: t('app.district') })),
  );
  const langBtn = h('button', {
    type: 'button',
    class: 'btn btn-ghost lang-switch',
    id: 'lang-switch',
    lang: getLang() === 'zh' ? 'en' : 'zh-CN',
    'aria-label': t('lang.switch_label'),
    text: t('lang.switch'),
    on: { click: switchLang },
  });
  const top = h('div', { class: 'header-top' }, brand, h('div', { class: 'header-tools' }, userBox(), langBtn, logoutBtn()));
  hdr.append(top);
  if (state.screen === 'app') hdr.append(navBar());
}

function userBox() {
  if (state.screen !== 'app' && state.screen !== 'password') return null;
  const u = state.session.user;
  return h(
    'div',
    { class: 'user-box', id: 'user-box', 'aria-label': t('user.label') },
    h('span', { class: 'user-name', text: u.username }),
    h('span', { class: 'user-role', dataset: { role: u.role }, text: t('role.' + u.role) }),
    u.unit ? h('span', { class: 'user-unit', text: t('user.unit', { unit: u.unit }) }) : null,
  );
}

function logoutBtn() {
  if (state.screen !== 'app' && state.screen !== 'password') return null;
  return h('button', { type: 'button', class: 'btn btn-ghost', id: 'logout', text: t('user.logout'), on: { click: logout } });
}

function navBar() {
  const r = role();
  const { parts } = parseHash(location.hash);
  const m = matchPage(parts);
  const current = m ? m.page.navAs || m.page.name : '';
  const list = h('ul', { class: 'nav-list' });
  for (const p of PAGES) {
    if (!p.nav || !(p.navRoles || p.roles).includes(r)) continue;
    const a = h('a', { href: '#/' + p.path.join('/'), text: t(p.nav), dataset: { page: p.name } });
    if (p.name === current || (m && p.name === m.page.name)) a.setAttribute('aria-current', 'page');
    list.append(h('li', null, a));
  }
  return h('nav', { class: 'nav', id: 'nav', 'aria-label': t('nav.label') }, list);
}

function switchLang() {
  setLang(getLang() === 'zh' ? 'en' : 'zh');
  renderFooter();
  if (state.screen === 'app') route();
  else if (state.screen === 'login') showLogin();
  else if (state.screen === 'password') showPasswordChange();
  else renderHeader();
  const btn = document.getElementById('lang-switch');
  if (btn) btn.focus();
}

function renderFooter() {
  clear(els.footer).append(h('p', { text: t('app.footer') }));
  const skip = document.querySelector('.skip-link');
  if (skip) skip.textContent = t('app.skip');
}

/* ---- session ---- */

function setSession(s) {
  state.session = s;
  api.setCsrf(s && s.csrf_token);
}

function enter(s) {
  setSession(s);
  if (s.must_change_password) {
    showPasswordChange();
    return;
  }
  state.screen = 'app';
  const { parts } = parseHash(location.hash);
  const m = matchPage(parts);
  if (!m || !m.page.roles.includes(role())) replaceHash(homeOf(role()));
  route();
}

async function logout() {
  try {
    await api.del('/api/v1/session', { quiet: true });
  } catch (e) {
    // the session may already be gone; the login form is what the user wants either way
  }
  setSession(null);
  state.loginNotice = { text: t('login.logged_out'), kind: 'info' };
  replaceHash('#/');
  showLogin();
}

function lostSession() {
  if (state.screen !== 'app' && state.screen !== 'password') return;
  setSession(null);
  state.loginNotice = { text: t('login.expired'), kind: 'warn' };
  showLogin();
}

/* ---- login ---- */

function showLogin() {
  state.screen = 'login';
  renderHeader();
  const main = clear(els.main);
  main.dataset.page = 'login';
  delete main.dataset.ready;
  const user = h('input', { id: 'login-username', name: 'username', type: 'text', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('div', { class: 'form-msg', id: 'login-msg' });
  const btn = h('button', { type: 'submit', class: 'btn btn-primary btn-block', id: 'login-submit', text: t('login.submit') });
  if (state.loginNotice) {
    msg.append(notice(state.loginNotice.text, state.loginNotice.kind));
    state.loginNotice = null;
  }
  const form = h(
    'form',
    { class: 'card login-card', id: 'login-form', novalidate: true, 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', text: t('login.title') }),
    h('p', { class: 'muted', text: t('login.intro') }),
    msg,
    field(t('login.username'), user),
    field(t('login.password'), pass),
    btn,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(msg);
    if (!user.value.trim() || !pass.value) {
      msg.append(notice(t('login.err.missing'), 'error'));
      (user.value.trim() ? pass : user).focus();
      return;
    }
    btn.disabled = true;
    btn.textContent = t('login.busy');
    try {
      const s = await api.post('/api/v1/session', { username: user.value.trim(), password: pass.value }, { quiet: true });
      enter(s);
    } catch (err) {
      const key = 'login.err.' + err.status;
      const text = [401, 423, 429, 403].includes(err.status) ? t(key) : errorText(err);
      msg.append(notice(text, 'error'));
      pass.value = '';
      pass.focus();
    } finally {
      btn.disabled = false;
      btn.textContent = t('login.submit');
    }
  });
  main.append(h('div', { class: 'login-wrap' }, form));
  user.focus();
}

/* ---- forced password change ---- */

function showPasswordChange() {
  state.screen = 'password';
  renderHeader();
  const main = clear(els.main);
  main.dataset.page = 'password';
  delete main.dataset.ready;
  const oldPw = h('input', { id: 'pw-old', type: 'password', autocomplete: 'current-password', required: true });
  const newPw = h('input', { id: 'pw-new', type: 'password', autocomplete: 'new-password', required: true, minlength: '8' });
  const again = h('input', { id: 'pw-confirm', type: 'password', autocomplete: 'new-password', required: true });
  const msg = h('div', { class: 'form-msg', id: 'pw-msg' });
  const btn = h('button', { type: 'submit', class: 'btn btn-primary btn-block', text: t('pw.submit') });
  const form = h(
    'form',
    { class: 'card login-card', id: 'pw-form', novalidate: true, 'aria-labelledby': 'pw-title' },
    h('h1', { id: 'pw-title', text: t('pw.title') }),
    notice(t('pw.intro'), 'warn'),
    h('input', { type: 'text', class: 'visually-hidden', autocomplete: 'username', value: state.session.user.username, readonly: true, tabindex: '-1', 'aria-hidden': 'true' }),
    msg,
    field(t('pw.old'), oldPw),
    field(t('pw.new'), newPw, t('pw.rule')),
    field(t('pw.confirm'), again),
    btn,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(msg);
    if (newPw.value !== again.value) {
      msg.append(notice(t('pw.mismatch'), 'error'));
      again.focus();
      return;
    }
    if (newPw.value === oldPw.value) {
      msg.append(notice(t('pw.same'), 'error'));
      newPw.focus();
      return;
    }
    btn.disabled = true;
    try {
      await api.post('/api/v1/session/password', { old_password: oldPw.value, new_password: newPw.value }, { quiet: true });
      let s;
      try {
        s = await api.get('/api/v1/session', null, { quiet: true });
      } catch (e) {
        // a server that ends the session on a password change: log in again
        state.loginNotice = { text: t('pw.done'), kind: 'info' };
        setSession(null);
        showLogin();
        return;
      }
      enter(s);
    } catch (err) {
      if (err.status === 401 && err.code === 'unauthenticated' && !state.session) {
        showLogin();
        return;
      }
      let text = errorText(err);
      if (err.field === 'old_password' && (err.status === 401 || err.status === 400)) text = t('pw.wrong_old');
      else if (err.field === 'new_password' && err.status === 400) text = t('err.with_detail', { kind: t('pw.rejected'), detail: errorDetail(err) });
      msg.append(notice(text, 'error'));
      (err.field === 'new_password' ? newPw : oldPw).focus();
    } finally {
      btn.disabled = false;
    }
  });
  main.append(h('div', { class: 'login-wrap' }, form));
  oldPw.focus();
}

/* ---- routing ---- */

let routeSeq = 0;

export function route() {
  if (state.screen !== 'app') return;
  const seq = ++routeSeq;
  const { parts, query } = parseHash(location.hash);
  const r = role();
  if (parts.length === 0) {
    replaceHash(homeOf(r));
    return route();
  }
  const m = matchPage(parts);
  renderHeader();
  const main = clear(els.main);
  if (!m) {
    main.append(h('div', { class: 'page-head' }, h('h1', { tabindex: '-1', text: t('common.not_found') })), h('p', null, h('a', { href: homeOf(r), text: t('common.back') })));
    return;
  }
  if (!m.page.roles.includes(r)) {
    replaceHash(homeOf(r));
    return route();
  }
  // A view replaces its own hash (a filter applied) only while it is still the one in the
  // address bar: a list whose data arrives just after the user went elsewhere (the new hash
  // set, its hashchange not yet handled) must not put its own hash back.
  let shown = location.hash;
  const ctx = {
    params: m.params,
    query,
    session: state.session,
    role: r,
    navigate,
    replaceHash: (hash) => {
      if (location.hash !== shown) return;
      replaceHash(hash);
      shown = location.hash; // as the browser spells it (percent-encoded)
    },
    alive: () => seq === routeSeq && state.screen === 'app' && location.hash === shown,
  };
  main.dataset.page = m.page.name;
  // data-ready: the hash this page finished loading for (tests and tools wait on it).
  const drawnFor = location.hash;
  delete main.dataset.ready;
  main.dataset.seq = String(seq);
  const out = m.page.view(main, ctx);
  Promise.resolve(out).then(() => {
    if (!ctx.alive()) return;
    main.dataset.ready = drawnFor;
    const title = main.querySelector('h1');
    document.title = (title && title.textContent ? title.textContent + ' · ' : '') + t('app.title');
    const h1 = main.querySelector('h1');
    if (h1 && document.activeElement && !main.contains(document.activeElement) && document.activeElement.id !== 'lang-switch') h1.focus({ preventScroll: true });
  });
}

/* ---- start ---- */

async function boot() {
  els.header = document.getElementById('app-header');
  els.main = document.getElementById('main');
  els.footer = document.getElementById('app-footer');
  applyDocumentLang();
  renderFooter();
  renderHeader();
  api.onAuthLost(lostSession);
  api.onPasswordRequired(() => {
    if (state.session) {
      state.session.must_change_password = true;
      showPasswordChange();
    }
  });
  window.addEventListener('hashchange', () => {
    if (state.screen === 'app') route();
  });
  try {
    const s = await api.get('/api/v1/session', null, { quiet: true });
    enter(s);
  } catch (err) {
    if (err.status === 401) {
      showLogin();
    } else {
      clear(els.main).append(h('div', { class: 'login-wrap' }, h('div', { class: 'alert alert-error', role: 'alert', text: errorText(err) }), h('button', { type: 'button', class: 'btn', text: t('common.retry'), on: { click: () => location.reload() } })));
    }
  }
}

boot();
