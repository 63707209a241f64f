// views-org.js: the organisation pages: units by category, a unit (details, leadership
// team, responsibility chain), cadres (search, filter, pages) and a cadre.

import { t, has } from './i18n.js';
import * as api from './api.js';
import {
  h, clear, field, checkbox, notice, fill, codeOf, nameOf,
  unitLink, personLink, dl, table, badge, splitAreas, ageOf, isPost80, pageHeader,
} from './ui.js';

const KIND_ORDER = { township: 0, dept: 1, other: 2 };

// Units and categories are small (tens of records) and change rarely: one copy per page view.
async function loadUnits() {
  return api.getAll('/api/v1/units', 'units');
}
async function loadCategories() {
  try {
    return await api.getAll('/api/v1/categories', 'categories');
  } catch (e) {
    if (e.status === 401 || e.code === 'password_change_required') throw e;
    return []; // the unit list still works; groups then show codes
  }
}

function roleLabel(member) {
  const r = member.role || '';
  if (has('team.role.' + r)) return t('team.role.' + r);
  return member.role_zh || r;
}

function relationLabel(entry) {
  const key = 'relation.' + (entry.relation || '');
  if (has(key)) return t(key);
  return entry.relation_zh || entry.relation || '';
}

function isMain(member) {
  return member.role === 'main' || member.role === 'main_leader' || member.role_zh === '主要领导' || member.main === true;
}

/* ---- #/units ---- */

export async function unitsView(main, ctx) {
  const q0 = ctx.query.get('q') || '';
  const search = h('input', { type: 'search', id: 'units-search', value: q0, autocomplete: 'off', placeholder: t('units.search') });
  const showInactive = checkbox(t('units.show_inactive'), { id: 'units-inactive', checked: ctx.query.get('inactive') === '1' });
  const count = h('p', { class: 'muted count', 'aria-live': 'polite' });
  const body = h('div', { class: 'unit-groups', id: 'unit-groups' });
  const tools = h('form', { class: 'toolbar', role: 'search', on: { submit: (e) => e.preventDefault() } }, field(t('units.search'), search), showInactive);
  main.append(pageHeader(t('units.title'), t('units.intro')), tools, count, body);

  let units = [];
  let cats = [];
  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const inactive = showInactive.querySelector('input').checked;
    const params = new URLSearchParams();
    if (q) params.set('q', search.value.trim());
    if (inactive) params.set('inactive', '1');
    ctx.replaceHash('#/units' + (params.toString() ? '?' + params : ''));
    const shown = units.filter((u) => (inactive || u.active !== false && u.active !== 0) && (!q || (u.name || '').toLowerCase().includes(q) || (u.code || '').toLowerCase().includes(q)));
    count.textContent = t('units.count', { n: shown.length });
    clear(body);
    if (!shown.length) {
      body.append(notice(t('units.none_match'), 'info'));
      return;
    }
    const byCode = new Map(units.map((u) => [u.code, u]));
    const catInfo = new Map(cats.map((c, i) => [c.code, { ...c, order: i }]));
    const groups = new Map();
    for (const u of shown) {
      const c = codeOf(u.category);
      if (!groups.has(c)) {
        const info = catInfo.get(c) || (typeof u.category === 'object' && u.category ? u.category : { code: c, name: c });
        groups.set(c, { info, units: [] });
      }
      groups.get(c).units.push(u);
    }
    // The server's category order (district, townships, then each system); categories it
    // did not list go after, townships before departments.
    const ordered = [...groups.values()].sort((a, b) => {
      const oa = a.info.order ?? 1e6 + (KIND_ORDER[a.info.kind] ?? 3), ob = b.info.order ?? 1e6 + (KIND_ORDER[b.info.kind] ?? 3);
      return oa - ob || String(a.info.code).localeCompare(String(b.info.code));
    });
    for (const g of ordered) {
      const title = g.info.name || g.info.code || t('units.uncategorised');
      const kind = g.info.kind && has('units.kind.' + g.info.kind) ? t('units.kind.' + g.info.kind) : '';
      const hid = 'cat-' + (g.info.code || 'none');
      const list = h('ul', { class: 'unit-list' });
      for (const u of g.units) {
        // A parent is worth showing inside a group only when it is in the same category
        // (a village under its township), not the district above every unit.
        const pu = u.parent ? byCode.get(codeOf(u.parent)) : null;
        const parent = pu && codeOf(pu.category) === codeOf(u.category) ? pu : null;
        list.append(
          h(
            'li',
            null,
            h(
              'a',
              { class: 'unit-card', href: '#/units/' + encodeURIComponent(u.code), dataset: { code: u.code } },
              h('span', { class: 'unit-name', text: u.name || u.code }),
              h('span', { class: 'unit-code', text: u.code }),
              parent ? h('span', { class: 'unit-parent', text: t('unit.parent') + '：' + parent.name }) : null,
              u.active === false || u.active === 0 ? badge(t('common.inactive'), 'muted') : null,
            ),
          ),
        );
      }
      body.append(
        h(
          'section',
          { class: 'unit-group', 'aria-labelledby': hid, dataset: { category: g.info.code || '' } },
          h('h2', { id: hid }, title, ' ', h('span', { class: 'group-count', text: String(g.units.length) }), kind && kind !== title ? h('span', { class: 'group-kind', text: kind }) : null),
          list,
        ),
      );
    }
  };

  await fill(body, async () => {
    [units, cats] = await Promise.all([loadUnits(), loadCategories()]);
    return [];
  });
  if (!ctx.alive() || body.querySelector('.alert-error')) return;
  search.addEventListener('input', draw);
  showInactive.querySelector('input').addEventListener('change', draw);
  draw();
}

/* ---- #/units/{code} ---- */

export async function unitView(main, ctx) {
  const code = ctx.params.code;
  const head = h('div', { class: 'page-head' }, h('p', { class: 'crumbs' }, h('a', { href: '#/units', text: t('units.title') })), h('h1', { tabindex: '-1', text: code }));
  const details = h('div', { class: 'section-body' });
  const team = h('div', { class: 'section-body', id: 'team' });
  const chainBody = h('div', { class: 'section-body', id: 'chain' });
  const subs = h('div', { class: 'section-body' });
  const area0 = ctx.query.get('area') || '';

  const areaInput = h('input', { type: 'text', id: 'chain-area', name: 'area', value: area0, placeholder: t('chain.area_ph'), autocomplete: 'off' });
  const clearBtn = h('button', { type: 'button', class: 'btn', id: 'chain-clear', text: t('chain.clear') });
  const areaForm = h(
    'form',
    { class: 'toolbar chain-form', id: 'chain-form' },
    field(t('chain.area'), areaInput),
    h('div', { class: 'toolbar-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('chain.compute') }), clearBtn),
  );

  main.append(
    head,
    h('div', { class: 'unit-layout' },
      h('div', { class: 'unit-side' },
        h('section', { class: 'card', 'aria-labelledby': 'sec-details' }, h('h2', { id: 'sec-details', text: t('unit.details') }), details),
        h('section', { class: 'card', 'aria-labelledby': 'sec-subs' }, h('h2', { id: 'sec-subs', text: t('unit.sub_units') }), subs),
      ),
      h('div', { class: 'unit-mainpane' },
        h('section', { class: 'card', 'aria-labelledby': 'sec-team' }, h('h2', { id: 'sec-team', text: t('team.title') }), h('p', { class: 'muted', text: t('team.intro') }), team),
        h('section', { class: 'card', 'aria-labelledby': 'sec-chain' }, h('h2', { id: 'sec-chain', text: t('chain.title') }), h('p', { class: 'muted', text: t('chain.intro') }), areaForm, chainBody),
      ),
    ),
  );

  const computeChain = (area) => {
    const path = '#/units/' + encodeURIComponent(code) + (area ? '?area=' + encodeURIComponent(area) : '');
    ctx.replaceHash(path);
    return fill(chainBody, async () => renderChain(await api.get('/api/v1/units/' + api.enc(code) + '/responsibility', { area }), area));
  };
  areaForm.addEventListener('submit', (e) => {
    e.preventDefault();
    computeChain(areaInput.value.trim());
  });
  clearBtn.addEventListener('click', () => {
    areaInput.value = '';
    computeChain('');
    areaInput.focus();
  });

  const unitP = fill(details, async () => {
    const u = await api.get('/api/v1/units/' + api.enc(code));
    const unit = u && u.unit && !u.code ? u.unit : u;
    head.querySelector('h1').textContent = unit.name || code;
    const cat = unit.category;
    const inactive = unit.active === false || unit.active === 0;
    head.append(h('p', { class: 'unit-meta' }, badge(codeOf(unit) || code, 'code'), ' ', cat ? badge(nameOf(cat), 'cat') : null, ' ', unit.district_body ? badge(t('unit.district_body'), 'cat') : null, ' ', inactive ? badge(t('common.inactive'), 'muted') : null));
    const own = ctx.session && ctx.session.user && ctx.session.user.unit;
    if (!own || !['unit_leader', 'unit_staff'].includes(ctx.role) || own === code)
      head.append(recordLinks(ctx, [
        ['#/education/units/' + encodeURIComponent(code), t('edu.unit_link'), 'unit-education-link'],
        ['#/units/' + encodeURIComponent(code) + '/responsibility', t('resp.report_link'), 'unit-report-link'],
        ['#/work/projects?unit=' + encodeURIComponent(code), t('sup.pj.unit_link'), 'unit-projects-link'],
      ]));
    const people = typeof unit.people === 'number' ? h('a', { href: '#/people?unit=' + encodeURIComponent(code), text: String(unit.people) }) : null;
    return [
      dl([
        [t('unit.code'), unit.code || code],
        [t('unit.name'), unit.name],
        [t('unit.category'), nameOf(cat)],
        [t('unit.parent'), unit.parent ? unitLink(unit.parent) : t('unit.top_level')],
        [t('unit.children'), typeof unit.children === 'number' ? String(unit.children) : Array.isArray(unit.children) ? String(unit.children.length) : null],
        [t('unit.people'), people],
        [t('unit.status'), inactive ? t('common.inactive') : t('common.active')],
      ]),
      h('p', null, h('a', { class: 'btn btn-small', href: '#/people?unit=' + encodeURIComponent(code), text: t('unit.people_link') })),
    ];
  });
  const teamP = fill(team, async () => renderTeam(api.listOf(await api.get('/api/v1/units/' + api.enc(code) + '/team'), 'team', 'members')));
  const chainP = fill(chainBody, async () => renderChain(await api.get('/api/v1/units/' + api.enc(code) + '/responsibility', { area: area0 }), area0));
  const subsP = fill(subs, async () => {
    const list = await api.getAll('/api/v1/units', 'units', { parent: code });
    const kids = list.filter((u) => codeOf(u.parent) === code || u.parent === undefined);
    if (!kids.length) return h('p', { class: 'muted', text: t('common.none') });
    return h('ul', { class: 'plain-list' }, kids.map((u) => h('li', null, unitLink(u))));
  });
  await Promise.all([unitP, teamP, chainP, subsP]);
}

function renderTeam(members) {
  if (!members.length) return notice(t('team.empty'), 'info');
  const sorted = [...members].sort((a, b) => (isMain(b) ? 1 : 0) - (isMain(a) ? 1 : 0));
  const list = h('ul', { class: 'team-list' });
  for (const m of sorted) {
    const p = m.person || m;
    const main = isMain(m);
    const areas = splitAreas(m.areas);
    list.append(
      h(
        'li',
        { class: ['team-member', main && 'is-main', m.active === false && 'is-inactive'], dataset: { role: m.role || '' } },
        h('div', { class: 'member-head' },
          h('span', { class: 'member-name' }, personLink(p)),
          main ? badge(t('team.first_responsible'), 'main') : badge(roleLabel(m), 'role'),
          m.active === false ? badge(t('common.inactive'), 'muted') : null,
        ),
        h('div', { class: 'member-meta' }, [m.title || p.post, p.rank].filter(Boolean).join(' · ')),
        areas.length
          ? h('div', { class: 'member-areas' }, h('span', { class: 'areas-label', text: t('team.areas') + '：' }), areas.map((a) => h('span', { class: 'tag', text: a })))
          : null,
      ),
    );
  }
  return list;
}

function renderChain(data, area) {
  const chain = api.listOf(data, 'chain');
  const out = [];
  const shownArea = (data && typeof data.area === 'string' && data.area) || area;
  out.push(h('h3', { class: 'chain-heading', text: shownArea ? t('chain.for_area', { area: shownArea }) : t('chain.general') }));
  if (data && data.main_leader_missing) out.push(notice(t('chain.main_missing'), 'warn'));
  if (!chain.length) {
    out.push(notice(t('chain.empty'), 'info'));
    return out;
  }
  const ol = h('ol', { class: 'chain', id: 'chain-list' });
  for (const e of chain) {
    const p = e.person || {};
    const pUnit = p.unit;
    const forUnit = e.unit;
    const areas = splitAreas(e.areas);
    const extra = [];
    if (e.area) extra.push(t('chain.oversees', { area: e.area }));
    else if (areas.length) extra.push(t('chain.oversees', { area: areas.join('、') }));
    ol.append(
      h(
        'li',
        { class: ['chain-entry', 'rel-' + (e.relation || 'other')], dataset: { relation: e.relation || '', level: String(e.level ?? '') } },
        h('div', { class: 'chain-level', 'aria-hidden': 'true' }, h('span', { class: 'level-num', text: String(e.level ?? '') })),
        h('div', { class: 'chain-body' },
          h('div', { class: 'chain-top' },
            h('span', { class: 'visually-hidden', text: t('chain.level', { n: e.level ?? '' }) + '，' }),
            h('span', { class: 'relation', text: relationLabel(e) }),
            h('span', { class: 'chain-person' }, personLink(p)),
          ),
          h('div', { class: 'chain-meta' }, [e.title || p.post, p.rank].filter(Boolean).join(' · ')),
          h('div', { class: 'chain-units' },
            pUnit ? h('span', null, t('chain.person_unit') + '：', unitLink(pUnit)) : null,
            forUnit && codeOf(forUnit) !== codeOf(pUnit) ? h('span', null, t('chain.for_unit') + '：', unitLink(forUnit)) : null,
            !pUnit && forUnit ? h('span', null, t('chain.for_unit') + '：', unitLink(forUnit)) : null,
          ),
          extra.length ? h('div', { class: 'chain-extra', text: extra.join('；') }) : null,
        ),
      ),
    );
  }
  out.push(ol);
  return out;
}

/* ---- #/people ---- */

const PAGE_SIZE = 50;

export async function peopleView(main, ctx) {
  const q = ctx.query.get('q') || '';
  const unit = ctx.query.get('unit') || '';
  const born80 = ctx.query.get('born80') === '1';

  const qInput = h('input', { type: 'search', id: 'people-q', name: 'q', value: q, placeholder: t('people.q_ph'), autocomplete: 'off' });
  const scoped = ['unit_leader', 'unit_staff', 'supervisor'].includes(ctx.role);
  const unitSel = h('select', { id: 'people-unit', name: 'unit', disabled: scoped }, h('option', { value: '', text: t('common.all') }));
  const ownUnit = scoped ? ctx.session.user.unit || '' : '';
  if (unit || ownUnit) unitSel.append(h('option', { value: unit || ownUnit, text: unit || ownUnit, selected: true }));
  const b80 = checkbox(t('people.born80'), { id: 'people-born80', name: 'born80', checked: born80 });
  const form = h(
    'form',
    { class: 'toolbar', role: 'search', id: 'people-form' },
    field(t('people.q'), qInput),
    field(t('people.unit'), unitSel),
    b80,
    h('div', { class: 'toolbar-buttons' },
      h('button', { type: 'submit', class: 'btn btn-primary', text: t('common.search') }),
      h('a', { class: 'btn', href: '#/people', text: t('common.reset') }),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (qInput.value.trim()) p.set('q', qInput.value.trim());
    if (unitSel.value) p.set('unit', unitSel.value);
    if (b80.querySelector('input').checked) p.set('born80', '1');
    ctx.navigate('#/people' + (p.toString() ? '?' + p : ''));
  });
  const results = h('div', { id: 'people-results' });
  const pager = h('nav', { class: 'pager', 'aria-label': t('common.page', { n: '' }).trim() });
  main.append(pageHeader(t('people.title'), t('people.intro')), form, results, pager);

  // The unit filter's options; a failure leaves "all" and the current code.
  loadUnits()
    .then((units) => {
      if (!ctx.alive()) return;
      const sorted = [...units].filter((u) => u.active !== false && u.active !== 0).sort((a, b) => String(a.code).localeCompare(String(b.code)));
      clear(unitSel).append(h('option', { value: '', text: t('common.all') }));
      let found = false;
      for (const u of sorted) {
        const o = h('option', { value: u.code, text: u.name + '（' + u.code + '）' });
        if (u.code === (unit || ownUnit)) {
          o.selected = true;
          found = true;
        }
        unitSel.append(o);
      }
      if ((unit || ownUnit) && !found) unitSel.append(h('option', { value: unit || ownUnit, text: unit || ownUnit, selected: true }));
    })
    .catch(() => {});

  const cursors = [undefined]; // cursors[i]: the "after" of page i
  let pageNo = 0;
  const params = { q, unit };
  if (born80) Object.assign(params, { born_from: '1980-01-01', born_to: '1989-12-31' });

  const load = () =>
    fill(results, async () => {
      const data = await api.get('/api/v1/people', { ...params, limit: PAGE_SIZE + 1, after: cursors[pageNo] });
      let list = api.listOf(data, 'people');
      const more = list.length > PAGE_SIZE;
      list = list.slice(0, PAGE_SIZE);
      if (more) cursors[pageNo + 1] = list[list.length - 1].id;
      drawPager(more);
      if (!list.length) return notice(t('people.none_match'), 'info');
      const rows = list.map((p) => {
        const age = ageOf(p.birth_date);
        const post80 = isPost80(p.birth_date);
        return h(
          'tr',
          { dataset: { code: p.code || '' } },
          h('td', null, personLink(p)),
          h('td', { text: p.gender && has('gender.' + p.gender) ? t('gender.' + p.gender) : p.gender || '' }),
          h('td', null, age === null ? '—' : t('people.age_value', { n: age }), post80 ? [' ', badge(t('people.born80_tag'), 'post80', t('people.born80_title'))] : null),
          h('td', { class: 'nowrap', text: p.birth_date || '' }),
          h('td', null, p.unit ? unitLink(p.unit) : '—'),
          h('td', { text: p.rank || '' }),
          h('td', { text: p.post || '' }),
        );
      });
      return table([t('people.name'), t('people.gender'), t('people.age'), t('people.birth'), t('people.unit_col'), t('people.rank'), t('people.post')], rows, t('people.title'));
    });

  const drawPager = (more) => {
    clear(pager);
    if (pageNo === 0 && !more) return;
    pager.append(
      h('button', { type: 'button', class: 'btn', id: 'people-prev', disabled: pageNo === 0, text: t('common.prev'), on: { click: () => { pageNo -= 1; load(); } } }),
      h('span', { class: 'page-no', 'aria-live': 'polite', text: t('common.page', { n: pageNo + 1 }) }),
      h('button', { type: 'button', class: 'btn', id: 'people-next', disabled: !more, text: t('common.next'), on: { click: () => { pageNo += 1; load(); } } }),
    );
  };
  await load();
}

/* ---- #/people/{code} ---- */

// Links from a unit or a cadre to its education and responsibility records, for the roles
// that may read them (not the citizen supervisor).
function recordLinks(ctx, links) {
  if (ctx.role === 'supervisor') return null;
  return h('p', { class: 'head-actions record-links' }, links.map(([href, text, id]) => h('a', { class: 'btn btn-small', href, id, text })));
}

export async function personView(main, ctx) {
  const code = ctx.params.code;
  const head = h('div', { class: 'page-head' }, h('p', { class: 'crumbs' }, h('a', { href: '#/people', text: t('people.title') })), h('h1', { tabindex: '-1', text: code }));
  const body = h('div');
  main.append(head, body);
  await fill(body, async () => {
    const d = await api.get('/api/v1/people/' + api.enc(code));
    const p = d && d.person && !d.code ? d.person : d;
    head.querySelector('h1').textContent = p.name || code;
    const age = ageOf(p.birth_date);
    const inactive = p.active === false || p.active === 0;
    head.append(
      h('p', { class: 'unit-meta' },
        badge(p.code || code, 'code'), ' ',
        isPost80(p.birth_date) ? badge(t('people.born80_tag'), 'post80', t('people.born80_title')) : null, ' ',
        inactive ? badge(t('common.inactive'), 'muted') : null),
      recordLinks(ctx, [
        ['#/people/' + encodeURIComponent(p.code || code) + '/education', t('edu.dossier_link'), 'person-dossier-link'],
        ['#/people/' + encodeURIComponent(p.code || code) + '/responsibility', t('resp.report_link'), 'person-report-link'],
      ]),
    );
    const team = Array.isArray(p.team) ? p.team : [];
    const over = Array.isArray(p.oversight) ? p.oversight : [];
    return h('div', { class: 'unit-layout' },
      h('section', { class: 'card', 'aria-labelledby': 'sec-pdetails' },
        h('h2', { id: 'sec-pdetails', text: t('person.details') }),
        dl([
          [t('person.code'), p.code],
          [t('people.name'), p.name],
          [t('people.gender'), p.gender && has('gender.' + p.gender) ? t('gender.' + p.gender) : p.gender],
          [t('people.birth'), p.birth_date ? p.birth_date + (age !== null ? '（' + t('people.age_value', { n: age }) + '）' : '') : null],
          [t('people.unit_col'), p.unit ? unitLink(p.unit) : null],
          [t('people.post'), p.post],
          [t('people.rank'), p.rank],
          [t('person.appointed'), p.appointed_on],
          [t('person.managed_by'), p.managed_by ? unitLink(p.managed_by) : null],
          [t('unit.status'), inactive ? t('common.inactive') : t('common.active')],
        ]),
      ),
      h('div', { class: 'unit-mainpane' },
        h('section', { class: 'card', 'aria-labelledby': 'sec-pteam' },
          h('h2', { id: 'sec-pteam', text: t('person.team') }),
          team.length
            ? table([t('people.unit_col'), t('team.role'), t('team.title_col'), t('team.areas')],
                team.map((m) => [m.unit ? unitLink(m.unit) : '—', isMain(m) ? badge(t('team.first_responsible'), 'main') : roleLabel(m), m.title || '—', splitAreas(m.areas).join('、') || '—']))
            : h('p', { class: 'muted', text: t('person.team_empty') }),
        ),
        h('section', { class: 'card', 'aria-labelledby': 'sec-pover' },
          h('h2', { id: 'sec-pover', text: t('person.oversight') }),
          over.length
            ? table([t('person.oversight_unit'), t('person.oversight_area')],
                over.map((o) => [o.unit ? unitLink(o.unit) : '—', o.area || '—']))
            : h('p', { class: 'muted', text: t('person.oversight_empty') }),
        ),
      ),
    );
  });
}
