// supervise.test.mjs: the browser test of the supervision pages (投诉督办, 问责, 曝光台,
// 督查检查, 服务站).
//
//   node tests/ui/supervise.test.mjs <path-to-zuofeng-binary> <source-dir>
//
// Builds the demo district (`zuofeng demo`: about 360 cases, findings, sanctions, exposures,
// key periods, decisions and service stations), serves it on an ephemeral loopback port and
// drives Debian's Chromium (headless, through playwright-core):
// - the office lists cases with Chinese state badges, filters them, opens a received case of
//   罗坊镇 (T01) without its complainant, is refused a leader that does not exist (the error
//   names the field) and assigns it with the system's proposal preselected;
// - the T01 leader sees only T01's cases and no assign button, signs for the case, starts
//   handling, uploads a PNG as evidence (and downloads it back), replies (an empty reply is
//   refused before it is sent), asks for an extension on another case (40 days is refused,
//   naming the field), reads sanctions and the catalogue without any decide or edit button,
//   and sees the station's phone card without the office's phone button;
// - the inspector sees the sealed complainant, records the follow-up, records the finding
//   from the proposal and confirms it, decides a sanction and revokes it, and records a
//   problem found by an inspection, which opens a case; a planned inspection called off;
// - the office lists the overdue cases and records the reminders, reads the per-unit rates,
//   is refused a sanction outside its management authority (the refusal names 区委组织部),
//   withdraws an exposure, approves the extension (the deadline moves), publishes the case on
//   the exposure board from its finding, adds a key period (a bad end date is named), reports
//   a late task's progress, records a leader's phone on a station card, and reads the case
//   page in English;
// - a citizen supervisor registers a matter (a name without a phone is refused) and gets its
//   query code, and sees no complainant and no workflow button;
// - a viewer (changing its first password) reads the figures and sanctions, decides nothing
//   and is sent away from the case list.
// Prints `N passed, M failed` last and exits non-zero on any failure. Screenshots go to
// tests/ui/screenshots/ (git-ignored).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { harness } from './lib.mjs';

const { bin, log, workdir, runDemo, sql, startServer, launch, newPage, noProblems, shot, text, ready, landed, seqOf, navLabels, scenario, runTest } = harness({
  name: 'supervise.test.mjs',
  totalTimeoutMs: 240_000,
  stepTimeoutMs: 20_000,
  viewport: { width: 1366, height: 900 },
  quiet: true,
});

let CASE = ''; // the received T01 case the scenarios carry through the workflow
let EXTENDING = ''; // a T01 case in handling: the leader asks for more time, the office approves

// A 1x1 PNG (the server checks the type by its magic bytes).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function login(page, base, username) {
  await page.goto(base);
  await page.locator('#login-form').waitFor();
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill('demo');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('#user-box').waitFor();
  await landed(page);
}

async function open(page, hash, name) {
  const before = await seqOf(page);
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await ready(page, name, { after: before });
}

// Opens the action's form on the case page, fills it, submits and waits for the redraw.
async function act(page, action, fill) {
  await page.locator('#act-' + action).click();
  const form = page.locator('#form-' + action);
  await form.waitFor();
  if (fill) await fill(form);
  const before = await seqOf(page);
  await form.locator('button[type=submit]').click();
  await ready(page, 'case', { hashPart: CASE, after: before });
}

// The same, on another case than CASE.
async function act2(page, no, action, fill) {
  await page.locator('#act-' + action).click();
  const form = page.locator('#form-' + action);
  await form.waitFor();
  if (fill) await fill(form);
  const before = await seqOf(page);
  await form.locator('button[type=submit]').click();
  await ready(page, 'case', { hashPart: no, after: before });
}

async function caseState(page) {
  return page.locator('.page-head .badge-state').getAttribute('data-state');
}

async function office(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('office', [
      ['the nav offers 投诉督办, 问责 and 曝光台', async () => {
        await login(page, base, 'office');
        const nav = await navLabels(page);
        for (const l of ['投诉督办', '问责', '曝光台']) assert.ok(nav.includes(l), `expected ${l} in the office nav, got ${nav.join(', ')}`);
        await page.locator('#nav').getByRole('link', { name: '投诉督办' }).click();
        await ready(page, 'cases');
      }],
      ['the case list shows demo cases with Chinese states and filters by state', async () => {
        const rows = page.locator('#cases-table tbody tr');
        assert.ok((await rows.count()) >= 20, 'expected a page of demo cases');
        assert.match(await text(page.locator('#cases-count')), /已显示 \d+ 件/);
        const states = await page.locator('#cases-table .badge-state').allTextContents();
        assert.ok(states.includes('已办结'), 'expected 已办结 badges, got ' + [...new Set(states)].join(','));
        await page.getByLabel('状态', { exact: true }).selectOption('received');
        await page.locator('#case-filters').getByRole('button', { name: '搜索' }).click();
        await page.locator('#cases-table tbody tr').first().waitFor();
        await page.waitForFunction(() => [...document.querySelectorAll('#cases-table tbody tr')].every((r) => r.dataset.state === 'received'));
        const shown = await page.locator('#cases-table tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.case));
        assert.ok(shown.includes(CASE), `expected ${CASE} among the received cases`);
        assert.match(page.url(), /state=received/, 'expected the filter in the address');
        assert.ok(await page.locator('#case-export a[href*="format=xlsx"]').count(), 'expected the Excel export for the office');
        await shot(page, 's01-cases');
      }],
      ['a received case shows its content and proposal, no complainant', async () => {
        await page.locator(`#cases-table a:text-is("${CASE}")`).click();
        await ready(page, 'case', { hashPart: CASE });
        assert.equal(await caseState(page), 'received');
        assert.equal(await text(page.locator('.page-head .badge-state')), '已受理');
        assert.ok((await text(page.locator('#case-content'))).length > 5, 'expected the content');
        assert.match(await text(page.locator('#main')), /系统建议\s*罗坊镇/, 'expected the routing proposal 罗坊镇');
        assert.equal(await page.locator('#complainant').count(), 0, 'the office must not see the complainant');
        assert.ok(await page.locator('#act-assign').isVisible(), 'expected 交办 for a received case');
        for (const a of ['sign', 'reply', 'follow_up']) assert.equal(await page.locator('#act-' + a).count(), 0, `no ${a} for the office on a received case`);
        assert.match(await text(page.locator('#timeline-table')), /受理登记/);
      }],
      ['assigning to an unknown leader is refused, naming the field', async () => {
        await page.locator('#act-assign').click();
        const form = page.locator('#form-assign');
        await form.waitFor();
        assert.equal(await form.getByLabel('承办单位').inputValue(), 'T01', 'expected the proposal preselected');
        await form.getByLabel('责任领导（干部编码）').fill('NOPE-999');
        await form.locator('button[type=submit]').click();
        const msg = form.locator('.form-msg .alert-error');
        await msg.waitFor();
        assert.match(await text(msg), /责任领导/, 'expected the error to name the leader field: ' + await text(msg));
        // the server's own words, in Chinese on a Chinese page (message_zh), not its English
        assert.match(await text(msg), /NOPE-999/, 'expected the detail to name the code typed');
        assert.doesNotMatch(await text(msg), /unknown|inactive/, 'expected no English on the Chinese page');
        assert.equal(await form.getByLabel('责任领导（干部编码）').getAttribute('aria-invalid'), 'true');
        assert.equal(await form.locator('button[type=submit]').isDisabled(), false, 'expected the button usable again');
      }],
      ['assigning with the proposal moves the case to 已交办', async () => {
        const form = page.locator('#form-assign');
        await form.getByLabel('责任领导（干部编码）').fill('');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'case', { hashPart: CASE, after: before });
        assert.equal(await caseState(page), 'assigned');
        assert.match(await text(page.locator('#case-msg')), /已交办/);
        assert.match(await text(page.locator('#timeline-table')), /交办/);
        assert.ok(await page.locator('#case-due').count(), 'expected a handling deadline');
        await shot(page, 's02-assigned');
      }],
      ['no problems', async () => noProblems(page)],
    ]);
  } finally {
    await context.close();
  }
}

async function leader(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('leader', [
      ['the T01 leader sees only T01 cases and no exposure board', async () => {
        await login(page, base, 'leader');
        const nav = await navLabels(page);
        assert.ok(nav.includes('投诉督办'), 'expected 投诉督办 for the leader');
        assert.ok(!nav.includes('曝光台'), 'the leader has no exposure board');
        await open(page, '#/cases', 'cases');
        const units = await page.locator('#cases-table tbody tr').evaluateAll((rs) => rs.map((r) => r.cells[2].textContent + '|' + r.cells[3].textContent));
        assert.ok(units.length > 0, 'expected T01 cases');
        for (const u of units) assert.match(u, /罗坊镇/, 'a unit account sees only its unit: ' + u);
        assert.equal(await page.locator('#case-f-unit').count(), 0, 'no unit filter for a unit account');
      }],
      ['the leader records the issues settled since a routine, for the own unit only', async () => {
        await open(page, '#/work/routines', 'routines');
        const units = await page.locator('#routine-table tbody tr').evaluateAll((rs) => rs.map((r) => r.cells[2].textContent));
        assert.ok(units.length >= 4, 'expected the demo routines of T01');
        for (const u of units) assert.match(u, /罗坊镇/, 'a unit leader sees only the own unit: ' + u);
        const row = page.locator('#routine-table tbody tr', { hasText: '2025年度领导班子民主生活会' });
        await row.locator('.routine-edit').click();
        const form = page.locator('#routine-edit-form');
        await form.getByLabel('已整改数').fill('5');
        await form.locator('button[type=submit]').click();
        const err = form.locator('.form-msg .alert-error');
        await err.waitFor();
        assert.match(await text(err), /“已整改数”/, 'expected the error to name 已整改数');
        await form.getByLabel('已整改数').fill('4');
        await form.getByLabel('结果').fill('班子成员对照检查问题已全部整改到位。');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'routines', { after: before });
        assert.match(await text(page.locator('#work-msg')), /例行工作已修改/);
        assert.match(await text(page.locator('#routine-table tbody tr', { hasText: '2025年度领导班子民主生活会' })), /4 \/ 4/);
        assert.equal(sql(`SELECT resolved || ' ' || outcome FROM routines r JOIN units u ON u.id = r.unit_id WHERE u.code = 'T01' AND title = '2025年度领导班子民主生活会'`), '4 班子成员对照检查问题已全部整改到位。');
      }],
      ['the leader signs for, handles and replies', async () => {
        await open(page, '#/cases/' + CASE, 'case');
        assert.equal(await page.locator('#act-assign').count(), 0, 'no 交办 for the leader');
        assert.equal(await page.locator('#complainant').count(), 0, 'the handling unit never sees the complainant');
        await act(page, 'sign');
        assert.equal(await caseState(page), 'signed');
        assert.match(await text(page.locator('#case-msg')), /已签收/);
        await act(page, 'handle');
        assert.equal(await caseState(page), 'handling');
        // evidence: a PNG goes up and comes back as a download link
        await page.locator('#att-file').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
        const b0 = await seqOf(page);
        await page.locator('#att-submit').click();
        await ready(page, 'case', { hashPart: CASE, after: b0 });
        assert.match(await text(page.locator('#case-msg')), /已上传“现场照片.png”/);
        const link = page.locator('#attachment-list a', { hasText: '现场照片.png' });
        const href = await link.getAttribute('href');
        const got = await page.request.get(new URL(href, base).href);
        assert.equal(got.status(), 200, 'expected the evidence to download');
        assert.deepEqual([...(await got.body()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'expected the PNG back');
        // an empty reply is refused before anything is sent
        await page.locator('#act-reply').click();
        const form = page.locator('#form-reply');
        await form.locator('button[type=submit]').click();
        assert.match(await text(form.locator('.form-msg')), /请填写“答复内容”/);
        await form.getByLabel('答复内容 *').fill('经核查，低保复核材料已补齐，已于本周办结，并当面向群众说明。');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'case', { hashPart: CASE, after: before });
        assert.equal(await caseState(page), 'replied');
        assert.match(await text(page.locator('#case-reply')), /低保复核材料已补齐/);
        assert.equal(await page.locator('#act-follow_up').count(), 0, 'the handling unit does not follow up');
        await shot(page, 's03-replied');
      }],
      ['the leader asks for an extension on another case', async () => {
        await open(page, '#/cases/' + EXTENDING, 'case');
        await page.locator('#act-extend').click();
        const form = page.locator('#form-extend');
        await form.getByLabel('延期天数（工作日） *').fill('40');
        await form.getByLabel('理由 *').fill('涉及多个部门会商，需要延期。');
        await form.locator('button[type=submit]').click();
        const err = form.locator('.form-msg .alert-error');
        await err.waitFor();
        assert.match(await text(err), /“延期天数（工作日）”/, 'expected the error to name the days');
        await form.getByLabel('延期天数（工作日） *').fill('5');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'case', { hashPart: EXTENDING, after: before });
        assert.match(await text(page.locator('#case-msg')), /延期申请已提交/);
        await page.locator('#extension-pending').waitFor();
        assert.equal(await page.locator('#act-extend').count(), 0, 'one request at a time');
        assert.equal(await page.locator('#act-extension').count(), 0, 'only the office decides');
      }],
      ['the leader reads sanctions without the decide button', async () => {
        await open(page, '#/sanctions', 'sanctions');
        assert.equal(await page.locator('#sanction-decide').count(), 0, 'no decide for a unit account');
        const rows = await page.locator('#sanctions-table tbody tr').count();
        assert.ok(rows > 0, 'expected T01 sanctions');
        assert.equal(await page.locator('#sanctions-table [data-revoke]').count(), 0, 'no revoke for a unit account');
        await open(page, '#/sanctions/catalogue', 'catalogue');
        assert.match(await text(page.locator('#measures-table')), /批评教育/);
        assert.equal(await page.locator('#measure-add').count(), 0, 'only the office edits the catalogue');
        await open(page, '#/stations', 'stations');
        await page.locator('#station-table a', { hasText: '罗坊镇群众服务站' }).click();
        await ready(page, 'station');
        assert.ok((await page.locator('#card-table tbody tr').count()) >= 1, 'expected the leaders on the card');
        assert.equal(await page.locator('#card-phone').count(), 0, 'only the office records phones');
      }],
      ['the T01 leader reads the key projects of the own unit from the unit page, and changes none', async () => {
        await open(page, '#/units/T01', 'unit');
        await page.locator('#unit-projects-link').click();
        await ready(page, 'projects');
        const rows = page.locator('#project-table tbody tr');
        assert.equal(await rows.count(), 1, 'expected the one project of T01 only');
        assert.match(await text(rows.first()), /城区污水处理厂提标改造工程/);
        assert.equal(await page.locator('#project-add').count(), 0, 'a leader adds no project');
        assert.equal(await page.locator('.sup-subnav').count(), 0, 'no inspection pages offered to a unit');
        await rows.first().locator('a').first().click();
        await ready(page, 'project');
        assert.equal(await page.locator('#project-actions button').count(), 0, 'a leader moves no project');
        assert.equal(await page.locator('#project-body button').count(), 0, 'a leader marks nothing done');
      }],
      ['no problems', async () => noProblems(page)],
    ]);
  } finally {
    await context.close();
  }
}

async function inspector(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('inspector', [
      ['the inspector sees the sealed complainant', async () => {
        await login(page, base, 'inspector');
        await open(page, '#/cases/' + CASE, 'case');
        await page.locator('#complainant').waitFor();
        assert.match(await text(page.locator('#complainant')), /反映人信息（密封）/);
      }],
      ['the inspector records the follow-up: satisfied', async () => {
        await act(page, 'follow_up', async (form) => {
          await form.getByLabel('回访结果 *').selectOption('true');
          await form.getByLabel('回访情况').fill('电话回访，群众表示满意。');
        });
        assert.equal(await caseState(page), 'followed_up');
        assert.match(await text(page.locator('#case-msg')), /满意/);
      }],
      ['the inspector records and confirms the finding from the proposal', async () => {
        await page.locator('#finding-none').waitFor();
        await page.locator('#finding-record').click();
        const form = page.locator('#finding-form');
        await form.waitFor();
        await form.getByLabel('认定结论 *').selectOption('substantiated');
        await form.getByLabel('认定情况').fill('经查，低保复核确有拖延。');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'case', { hashPart: CASE, after: before });
        await page.locator('#finding-value').waitFor();
        assert.equal(await text(page.locator('#finding-value')), '属实');
        assert.ok((await page.locator('#finding-people tbody tr').count()) >= 1, 'expected the proposed leaders held responsible');
        const before2 = await seqOf(page);
        await page.locator('#finding-confirm').click();
        await ready(page, 'case', { hashPart: CASE, after: before2 });
        await page.locator('#finding-value').waitFor();
        assert.match(await text(page.locator('#finding')), /已确认/);
        assert.equal(await page.locator('#finding-record').count(), 0, 'a confirmed finding is not re-recorded');
        await shot(page, 's04-finding');
      }],
      ['the inspector decides a sanction and revokes it', async () => {
        await open(page, '#/sanctions', 'sanctions');
        await page.locator('#sanction-decide').click();
        const form = page.locator('#decide-form');
        await form.waitFor();
        await form.getByLabel('问责方式 *').selectOption('criticism');
        assert.match(await text(page.locator('#measure-effects')), /批评教育.*扣 0\.5 分/);
        await form.getByLabel('干部编码').fill('T01-026');
        await form.getByLabel('依据 *').fill('《区机关作风明察暗访工作暂行办法》，经调查核实。');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'sanctions', { after: before });
        assert.match(await text(page.locator('#sanctions-msg')), /问责决定已记录/);
        const id = sql("SELECT max(id) FROM sanctions WHERE basis LIKE '%经调查核实。'");
        const row = page.locator(`#sanctions-table tr[data-id="${id}"]`);
        if (!(await row.count())) {
          // the new one may be past the first page
          await open(page, '#/sanctions?person=T01-026', 'sanctions');
        }
        await row.locator('[data-revoke]').click();
        const rf = page.locator('#revoke-form');
        await rf.getByLabel('理由 *').fill('决定错误，予以撤销。');
        const b2 = await seqOf(page);
        await rf.locator('button[type=submit]').click();
        await ready(page, 'sanctions', { after: b2 });
        assert.match(await text(page.locator('#sanctions-msg')), /已撤销/);
        assert.equal(sql(`SELECT revoked_on IS NOT NULL FROM sanctions WHERE id = ${id}`), '1');
      }],
      ['an inspection\'s problem opens a case', async () => {
        await page.locator('#nav').getByRole('link', { name: '督查检查' }).click();
        await ready(page, 'periods');
        await page.locator('.sup-subnav').getByRole('link', { name: '明察暗访' }).click();
        await ready(page, 'inspections');
        await page.locator('#inspection-table a').first().click();
        await ready(page, 'inspection');
        const before0 = await page.locator('#inspection-findings tbody tr').count();
        await page.locator('#inspection-finding').click();
        const form = page.locator('#ifinding-form');
        await form.getByLabel('被反映单位 *').selectOption({ index: 1 });
        await form.getByLabel('问题描述 *').fill('暗访发现值班人员脱岗，当场拍照取证。');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'inspection', { after: before });
        assert.match(await text(page.locator('#work-msg')), /发现问题已登记/);
        const rows = page.locator('#inspection-findings tbody tr');
        assert.equal(await rows.count(), before0 + 1, 'expected one more problem');
        assert.match(await text(page.locator('#inspection-findings')), /暗访发现值班人员脱岗/);
        assert.ok(await page.locator('#inspection-findings a[href^="#/cases/ZF-"]').count(), 'expected the case it opened');
      }],
      ['a key project: its inspectors, a milestone added and done, a problem, suspended and resumed', async () => {
        await page.locator('#nav').getByRole('link', { name: '督查检查' }).click();
        await ready(page, 'periods');
        await page.locator('.sup-subnav').getByRole('link', { name: '重点项目' }).click();
        await ready(page, 'projects');
        assert.equal(await page.locator('#project-table tbody tr').count(), 3, 'expected the demo\'s three key projects');
        await page.locator('#project-table a', { hasText: '城区污水处理厂提标改造工程' }).click();
        await ready(page, 'project');
        assert.match(await text(page.locator('.unit-meta')), /XM2026-01.*在建/, 'expected the code and 在建');
        assert.match(await text(page.locator('#sec-project').locator('..')), /万元/, 'expected the investment in 万元');
        assert.ok((await page.locator('#project-body a[href^="#/people/"]').count()) >= 1, 'expected the inspectors linked');
        const m0 = await page.locator('#project-milestones tbody tr').count();
        // a milestone, then marked done
        await page.locator('#project-milestone').click();
        let form = page.locator('#milestone-form');
        await form.getByLabel('节点 *').fill('主体结构验收');
        await form.getByLabel('计划日期 *').fill('2026-12-20');
        let before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'project', { after: before });
        assert.match(await text(page.locator('#work-msg')), /节点已添加/);
        const row = page.locator('#project-milestones tbody tr', { hasText: '主体结构验收' });
        assert.equal(await page.locator('#project-milestones tbody tr').count(), m0 + 1, 'expected one more milestone');
        before = await seqOf(page);
        await row.getByRole('button', { name: '标记完成' }).click();
        await ready(page, 'project', { after: before });
        assert.match(await text(page.locator('#project-milestones tbody tr', { hasText: '主体结构验收' })), /\d{4}-\d{2}-\d{2}.*\d{4}-\d{2}-\d{2}/, 'expected a done date');
        // a problem found on site
        await page.locator('#project-finding').click();
        form = page.locator('#pfinding-form');
        await form.getByLabel('问题描述 *').fill('钢筋进场未见抽检记录，已要求补检。');
        before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'project', { after: before });
        assert.match(await text(page.locator('#project-findings')), /钢筋进场未见抽检记录/);
        // ... and put right
        const fixRow = page.locator('#project-findings tbody tr', { hasText: '钢筋进场未见抽检记录' });
        assert.match(await text(fixRow), /待整改/);
        await fixRow.getByRole('button', { name: '已整改' }).click();
        before = await seqOf(page);
        await page.locator('#rectify-form button[type=submit]').click();
        await ready(page, 'project', { after: before });
        assert.match(await text(page.locator('#work-msg')), /已记录整改/);
        assert.match(await text(page.locator('#project-findings tbody tr', { hasText: '钢筋进场未见抽检记录' })), /\d{4}-\d{2}-\d{2}.*\d{4}-\d{2}-\d{2}/, 'expected the day it was put right');
        // suspended with a reason (an empty one is not sent), then resumed
        await page.locator('#project-suspend').click();
        form = page.locator('#psuspend-form');
        before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        assert.equal(await seqOf(page), before, 'an empty reason is not sent');
        await form.getByLabel('原因 *').fill('汛期停工。');
        await form.locator('button[type=submit]').click();
        await ready(page, 'project', { after: before });
        assert.match(await text(page.locator('.unit-meta')), /停工/);
        assert.equal(sql(`SELECT state FROM projects WHERE code = 'XM2026-01'`), 'suspended');
        before = await seqOf(page);
        await page.locator('#project-resume').click();
        await page.locator('#presume-form button[type=submit]').click();
        await ready(page, 'project', { after: before });
        assert.match(await text(page.locator('.unit-meta')), /在建/);
        await shot(page, 'sv-project');
        const audited = Number(sql(`SELECT count(*) FROM audit_log WHERE entity LIKE 'project%' AND actor = 'inspector'`));
        assert.ok(audited >= 6, 'expected the milestone, its completion, the problem, its rectification, the suspension and the resumption audited, got ' + audited);
      }],
      ['a planned inspection is called off, with the reason', async () => {
        await page.locator('#nav').getByRole('link', { name: '督查检查' }).click();
        await ready(page, 'periods');
        await page.locator('.sup-subnav').getByRole('link', { name: '明察暗访' }).click();
        await ready(page, 'inspections');
        await page.locator('#inspection-table a', { hasText: '2026年年底干部交流轮岗' }).click();
        await ready(page, 'inspection');
        await page.locator('#inspection-cancel').click();
        const form = page.locator('#cancel-form');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        assert.equal(await seqOf(page), before, 'an empty reason is not sent');
        await form.getByLabel('取消原因 *').fill('防汛抢险任务，检查组改期。');
        await form.locator('button[type=submit]').click();
        await ready(page, 'inspection', { after: before });
        assert.match(await text(page.locator('#work-msg')), /检查已取消/);
        assert.match(await text(page.locator('main')), /防汛抢险任务，检查组改期/);
        assert.equal(await page.locator('#inspection-cancel').count(), 0, 'no second cancel');
        assert.equal(await page.locator('#inspection-finding').count(), 0, 'no findings on a cancelled one');
        assert.equal(sql(`SELECT state FROM inspections WHERE title LIKE '2026年年底%'`), 'cancelled');
      }],
      ['no problems', async () => noProblems(page)],
    ]);
  } finally {
    await context.close();
  }
}

async function officeMore(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('office: deadlines, sanctions, exposures', [
      ['the overdue list and the per-unit figures', async () => {
        await login(page, base, 'office');
        await open(page, '#/cases/overdue', 'case-overdue');
        assert.ok((await page.locator('#overdue-table tbody tr').count()) > 0, 'expected overdue demo cases');
        assert.match(await text(page.locator('#overdue-table')), /已催办|应催办|已督办|应督办/);
        await page.locator('#overdue-notify').click();
        await page.locator('#notify-msg .alert-success').waitFor();
        await open(page, '#/cases/stats', 'case-stats');
        const heads = (await page.locator('#stats-table thead th').allTextContents()).map((s) => s.trim());
        for (const c of ['按时签收率', '按时办结率', '满意率', '重办率']) assert.ok(heads.includes(c), 'expected the column ' + c);
        assert.match(await text(page.locator('#stats-table tr[data-unit="T01"]')), /罗坊镇.*%/);
        await shot(page, 's05-stats');
      }],
      ['a sanction outside the office\'s authority is refused, naming the body', async () => {
        await open(page, '#/sanctions', 'sanctions');
        await page.locator('#sanction-decide').click();
        const form = page.locator('#decide-form');
        await form.getByLabel('问责方式 *').selectOption('criticism');
        await form.getByLabel('干部编码').fill('T01-001');
        await form.getByLabel('依据 *').fill('测试权限。');
        await form.locator('button[type=submit]').click();
        const err = form.locator('.form-msg .alert-error');
        await err.waitFor();
        assert.match(await text(err), /无权作出：按干部管理权限，该问责由区委组织部（D03）决定/, 'expected the refusal to name 区委组织部');
      }],
      ['the office withdraws an exposure', async () => {
        await open(page, '#/exposures', 'exposures');
        const first = page.locator('article.exposure[data-published="1"]').first();
        const id = await first.getAttribute('data-id');
        await first.locator('[data-unpublish]').click();
        const form = page.locator('#unpublish-form');
        await form.getByLabel('理由 *').fill('涉及个人隐私，撤下重新审核。');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'exposures', { after: before });
        assert.match(await text(page.locator('#exposures-msg')), /已从曝光台撤下/);
        assert.equal(await page.locator(`article.exposure[data-id="${id}"]`).getAttribute('data-published'), '0');
        assert.match(await text(page.locator(`article.exposure[data-id="${id}"]`)), /已撤下/);
      }],
      ['the office approves a waiting extension and the deadline moves', async () => {
        await open(page, '#/cases/' + EXTENDING, 'case');
        await page.locator('#extension-pending').waitFor();
        const due = await text(page.locator('#case-due'));
        await act2(page, EXTENDING, 'extension', async (form) => {
          await form.getByLabel('审批意见').selectOption('true');
        });
        assert.match(await text(page.locator('#case-msg')), /已同意延期/);
        assert.equal(await page.locator('#extension-pending').count(), 0, 'expected no request waiting');
        assert.notEqual(await text(page.locator('#case-due')), due, 'expected a later deadline');
        assert.match(await text(page.locator('#timeline-table')), /批准延期/);
      }],
      ['the office publishes the substantiated case on the exposure board', async () => {
        await open(page, '#/cases/' + CASE, 'case');
        await page.locator('#publish-link').click();
        await ready(page, 'exposures');
        const form = page.locator('#publish-form');
        await form.waitFor();
        assert.equal(await form.getByLabel('案件编号 *').inputValue(), CASE, 'expected the case prefilled');
        await form.getByLabel('标题 *').fill('关于罗坊镇窗口工作人员服务态度生硬问题的通报');
        await form.getByLabel('问题事实 *').fill('经查，罗坊镇便民服务窗口工作人员对办事群众态度生硬。');
        await form.getByLabel('处理情况 *').fill('对直接责任人批评教育，责令整改。');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'exposures', { after: before });
        assert.match(await text(page.locator('#exposures-msg')), /已在曝光台公开/);
        assert.ok(await page.locator('article.exposure', { hasText: '关于罗坊镇窗口工作人员服务态度生硬问题的通报' }).count(), 'expected the new exposure');
      }],
      ['key periods: the reminder, and a bad date named', async () => {
        await page.locator('#nav').getByRole('link', { name: '督查检查' }).click();
        await ready(page, 'periods');
        assert.ok((await page.locator('#period-table tbody tr').count()) >= 10, 'expected the demo key periods');
        await page.locator('#period-add').click();
        const form = page.locator('#period-form');
        await form.getByLabel('名称 *').fill('2027年元旦');
        await form.getByLabel('开始日期 *').fill('2027-01-03');
        await form.getByLabel('结束日期 *').fill('2027-01-01');
        await form.locator('button[type=submit]').click();
        const err = form.locator('.form-msg .alert-error');
        await err.waitFor();
        assert.match(await text(err), /“结束日期”/, 'expected the error to name 结束日期');
        await form.getByLabel('结束日期 *').fill('2027-01-05');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'periods', { after: before });
        assert.match(await text(page.locator('#period-table')), /2027年元旦/);
      }],
      ['key periods: a period is changed, only what changed is sent', async () => {
        const row = page.locator('#period-table tbody tr', { hasText: '换届' });
        await row.locator('.period-edit').click();
        const form = page.locator('#period-edit-form');
        assert.equal(await form.getByLabel('开始日期 *').inputValue(), '2027-03-01', 'the form holds the current values');
        await form.getByLabel('结束日期 *').fill('2027-02-01');
        await form.locator('button[type=submit]').click();
        const err = form.locator('.form-msg .alert-error');
        await err.waitFor();
        assert.match(await text(err), /“结束日期”/, 'expected the error to name 结束日期');
        await form.getByLabel('结束日期 *').fill('2027-06-30');
        await form.getByLabel('提前提醒天数').fill('20');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'periods', { after: before });
        assert.match(await text(page.locator('#work-msg')), /重点时段已修改/);
        assert.equal(sql(`SELECT ends_on || ' ' || remind_days FROM key_periods WHERE name LIKE '%换届'`), '2027-06-30 20');
        const changes = sql(`SELECT changes FROM audit_log WHERE action = 'update' AND entity = 'key_period' ORDER BY id DESC LIMIT 1`);
        assert.match(changes, /ends_on/);
        assert.doesNotMatch(changes, /starts_on|"name"/, 'fields left alone are not sent');
      }],
      ['routines: the office records a talk, a bad unit named', async () => {
        await page.locator('.sup-subnav').getByRole('link', { name: '廉政例行' }).click();
        await ready(page, 'routines');
        await page.locator('#routine-add').click();
        const form = page.locator('#routine-form');
        await form.getByLabel('类型').selectOption('admonishment_talk');
        await form.getByLabel('单位 *').fill('T99');
        await form.getByLabel('名称 *').fill('对东城镇主要负责人诫勉谈话');
        await form.getByLabel('参加干部').fill('T01-001');
        await form.locator('button[type=submit]').click();
        const err = form.locator('.form-msg .alert-error');
        await err.waitFor();
        assert.match(await text(err), /“单位”/, 'expected the error to name 单位');
        await form.getByLabel('单位 *').fill('T01');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'routines', { after: before });
        assert.match(await text(page.locator('#work-msg')), /例行工作已登记/);
        assert.match(await text(page.locator('#routine-table')), /对东城镇主要负责人诫勉谈话/);
      }],
      ['decisions: a task\'s progress is reported', async () => {
        await open(page, '#/work/decisions', 'decisions');
        assert.match(await text(page.locator('#decision-table')), /优化营商环境/);
        await page.locator('#late-table a').first().click();
        await ready(page, 'task');
        await page.locator('#task-progress').click();
        const form = page.locator('#progress-form');
        // the first late task depends on today's date: report more than it has already
        const pct = form.getByLabel('进度（%）');
        const had = Number(await pct.inputValue());
        await pct.fill(String(Math.min(100, Math.max(had + 10, 60))));
        await form.getByLabel('进展情况 *').fill('已完成涉企收费清理的摸底。');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'task', { after: before });
        assert.match(await text(page.locator('#work-msg')), /进度已报告/);
        assert.match(await text(page.locator('#history-table')), /已完成涉企收费清理的摸底/);
      }],
      ['stations: the leaders\' phone card, and recording a phone', async () => {
        await page.locator('#nav').getByRole('link', { name: '服务站' }).click();
        await ready(page, 'stations');
        await page.locator('#station-table a', { hasText: '罗坊镇群众服务站' }).click();
        await ready(page, 'station');
        assert.match(await text(page.locator('#phone-card h2')), /罗坊镇群众服务站 领导联系电话/);
        assert.ok(await page.locator('#card-print').isVisible());
        await page.locator('#card-phone').click();
        const form = page.locator('#phone-form');
        await form.getByLabel('领导 *').selectOption({ index: 1 });
        await form.getByLabel('联系电话 *').fill('0797-8801999');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'station', { after: before });
        assert.match(await text(page.locator('#card-table')), /0797-8801999/);
      }],
      ['stations: a station is closed and reopened', async () => {
        assert.match(await text(page.locator('#station-toggle')), /撤销服务站/);
        let before = await seqOf(page);
        await page.locator('#station-toggle').click();
        await ready(page, 'station', { after: before });
        assert.match(await text(page.locator('#stations-msg')), /服务站已撤销/);
        assert.match(await text(page.locator('#station-body')), /已撤销/);
        assert.equal(await page.locator('#station-supervisor').count(), 0, 'a closed station takes no supervisor');
        assert.equal(sql(`SELECT active FROM stations WHERE name = '罗坊镇群众服务站'`), '0');
        before = await seqOf(page);
        await page.locator('#station-toggle').click();
        await ready(page, 'station', { after: before });
        assert.match(await text(page.locator('#stations-msg')), /服务站已恢复/);
        assert.equal(sql(`SELECT active FROM stations WHERE name = '罗坊镇群众服务站'`), '1');
      }],
      ['English is complete on the case page', async () => {
        await open(page, '#/cases/' + CASE, 'case');
        const before = await seqOf(page);
        await page.locator('#lang-switch').click();
        await ready(page, 'case', { after: before });
        assert.equal(await text(page.locator('.page-head .badge-state')), 'Followed up');
        assert.match(await text(page.locator('#main')), /Routing and deadlines/);
        assert.ok(await page.locator('#act-close').isVisible(), 'expected Close for a followed-up case');
        const b2 = await seqOf(page);
        await page.locator('#lang-switch').click();
        await ready(page, 'case', { after: b2 });
      }],
      ['no problems', async () => noProblems(page)],
    ]);
  } finally {
    await context.close();
  }
}

async function supervisor(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('supervisor', [
      ['a citizen supervisor registers a matter and gets its query code', async () => {
        await login(page, base, 'supervisor');
        await open(page, '#/cases', 'cases');
        assert.ok((await page.locator('#cases-table tbody tr').count()) >= 1, 'expected the cases it filed');
        assert.equal(await page.locator('#overdue-link, a[href="#/cases/overdue"]').count(), 0, 'no overdue list for a supervisor');
        await page.locator('#case-new').click();
        const form = page.locator('#intake-form');
        await form.waitFor();
        assert.equal(await form.getByLabel('来源渠道').count(), 0, 'a supervisor\'s channel is fixed');
        await form.getByLabel('被反映单位 *').selectOption('T01');
        await form.getByLabel('标题 *').fill('群众反映罗坊镇便民窗口中午无人值守');
        await form.getByLabel('反映内容 *').fill('多名群众反映，罗坊镇便民服务窗口中午十二点至两点无人值守，群众只能空等。');
        await form.getByLabel('反映人姓名').fill('王大爷');
        await form.locator('button[type=submit]').click();
        // a name without a phone is refused, naming the phone
        const err = form.locator('.form-msg .alert-error');
        await err.waitFor();
        assert.match(await text(err), /“反映人电话”/, 'expected the error to name the phone');
        await form.getByLabel('反映人电话').fill('13907970002');
        const before = await seqOf(page);
        await form.locator('button[type=submit]').click();
        await ready(page, 'case', { after: before });
        assert.match(await text(page.locator('#case-msg')), /已登记为 ZF-\d{4}-\d{6}。请把查询码 \S+ 告知反映人/);
        assert.equal(await caseState(page), 'received');
        assert.equal(await page.locator('#complainant').count(), 0, 'a supervisor does not see the sealed complainant');
        assert.equal(await page.locator('#case-actions button').count(), 0, 'a supervisor takes no workflow action');
      }],
      ['no problems', async () => noProblems(page)],
    ]);
  } finally {
    await context.close();
  }
}

// A viewer account (the demo has none): created with a first password, changed at first login.
function addViewer(db) {
  const r = spawnSync(bin, ['user', 'add', '--db', db, '--role', 'viewer', '--name', '区人大代表（只读）', 'viewer1'], { input: 'First-pass-2026\n', encoding: 'utf8', env: { ...process.env, ZUOFENG_LOG: 'error' } });
  if (r.status !== 0) throw new Error('zuofeng user add viewer1: ' + r.stdout + r.stderr);
}

async function viewer(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('viewer', [
      ['a viewer reads the figures and sanctions, and no case', async () => {
        await page.goto(base);
        await page.getByLabel('用户名', { exact: true }).fill('viewer1');
        await page.getByLabel('密码', { exact: true }).fill('First-pass-2026');
        await page.getByRole('button', { name: '登录', exact: true }).click();
        await page.locator('#pw-form').waitFor();
        await page.locator('#pw-old').fill('First-pass-2026');
        await page.locator('#pw-new').fill('Viewer-pass-2026');
        await page.locator('#pw-confirm').fill('Viewer-pass-2026');
        await page.locator('#pw-form button[type=submit]').click();
        await page.locator('#nav').waitFor();
        const nav = await navLabels(page);
        assert.ok(!nav.includes('投诉督办'), 'a viewer reads no case: ' + nav.join(', '));
        for (const l of ['办理情况统计', '问责', '督查检查']) assert.ok(nav.includes(l), `expected ${l} for a viewer, got ${nav.join(', ')}`);
        await page.locator('#nav').getByRole('link', { name: '办理情况统计' }).click();
        await ready(page, 'case-stats');
        assert.ok((await page.locator('#stats-table tbody tr').count()) > 10, 'expected every unit\'s figures');
        await open(page, '#/sanctions', 'sanctions');
        assert.equal(await page.locator('#sanction-decide').count(), 0, 'a viewer decides nothing');
        assert.equal(await page.locator('#sanctions-table [data-revoke]').count(), 0, 'a viewer revokes nothing');
        await open(page, '#/cases', 'units');
        assert.doesNotMatch(page.url(), /#\/cases/, 'a viewer is sent away from the case list');
        await open(page, '#/work/projects', 'projects');
        assert.equal(await page.locator('#project-table tbody tr').count(), 3, 'a viewer reads the key projects');
        assert.equal(await page.locator('#project-add').count(), 0, 'a viewer adds no project');
        await open(page, '#/work/projects?unit=T02', 'projects');
        assert.equal(await page.locator('#project-table tbody tr').count(), 1, 'expected the one project of T02 when filtered');
        assert.match(await text(page.locator('#project-filter')), /T02/);
        await open(page, '#/work/projects', 'projects');
        await page.locator('#project-table a').first().click();
        await ready(page, 'project');
        assert.equal(await page.locator('#project-actions button').count(), 0, 'a viewer moves no project');
      }],
      ['no problems', async () => noProblems(page)],
    ]);
  } finally {
    await context.close();
  }
}

async function main() {
  const { db } = workdir('zf-ui-sup-');
  runDemo();
  addViewer(db);
  CASE = sql("SELECT c.case_no FROM cases c JOIN units u ON u.id = c.unit_id WHERE c.state = 'received' AND u.code = 'T01' AND EXISTS (SELECT 1 FROM complainants x WHERE x.case_id = c.id) ORDER BY c.id LIMIT 1");
  assert.ok(CASE, 'expected a received T01 case with a complainant in the demo');
  EXTENDING = sql("SELECT c.case_no FROM cases c JOIN units u ON u.id = c.handling_unit_id WHERE c.state = 'handling' AND u.code = 'T01' AND NOT EXISTS (SELECT 1 FROM case_extensions x WHERE x.case_id = c.id AND x.state = 'pending') ORDER BY c.id LIMIT 1");
  assert.ok(EXTENDING, 'expected a T01 case in handling in the demo');
  log('case', CASE, 'extension', EXTENDING);
  const base = await startServer();
  await launch();
  await office(base);
  await leader(base);
  await inspector(base);
  await officeMore(base);
  await supervisor(base);
  await viewer(base);
}

runTest(main);
