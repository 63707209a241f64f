// educate.test.mjs: the browser test of the education (教育), appointment gate (任前把关)
// and vetting (选任考察) pages.
//
//   node tests/ui/educate.test.mjs <path-to-zuofeng-binary> <source-dir>
//
// Builds the demo district (`zuofeng demo`: programmes, sessions, attendance, speaker draws,
// appointments, nominations and a joint-liability flag), serves it on an ephemeral loopback
// port and drives Debian's Chromium (headless, through playwright-core). The office reads
// the programmes with their target rules in words, opens the 罗坊镇 lecture hall (targets,
// sessions, draws with their seeds), draws two speakers with a given seed, enters a
// session's attendance, reads the completion of every unit for 2026 (and downloads its CSV),
// a unit's cadres and a cadre's dossier; tries to make a pending appointment take effect,
// is refused with what is missing, overrides it with a written reason; and nominates a
// cadre. The inspector cannot vet before assessing, assesses, vets (cleared), reads a
// vetoed nomination's reasons with their basis, the veto rules and the liability flags,
// and scans. The T01 leader sees no appointment or inspector actions, signs the cleared
// nomination as its supervising leader, and reads its unit's responsibility report.
// Prints `N passed, M failed` last and exits non-zero on any failure. Screenshots go to
// tests/ui/screenshots/ (git-ignored).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { harness } from './lib.mjs';

const FIRST_PASS = 'Edu-first-pass1';
const PASS = 'Edu-second-pass2';

const { bin, log, workdir, runDemo, run, startServer, launch, newPage, noProblems, shot, text, ready, landed, seqOf, navLabels, scenario, step, runTest } = harness({
  name: 'educate.test.mjs',
  totalTimeoutMs: 240_000,
  stepTimeoutMs: 20_000,
  viewport: { width: 1366, height: 900 },
  contextOptions: { acceptDownloads: true },
  quiet: true,
});
// The nav entries of the pages this test is about (and the first three every business role
// has); the other rooms' entries are their own tests' business.
const OWN_NAV = ['单位', '干部', '评价', '教育', '任前把关', '选任考察'];
async function ownNav(page) {
  return (await navLabels(page)).filter((l) => OWN_NAV.includes(l));
}


const OVERRIDE_REASON = '县委常委会议定其立即到岗主持防汛工作，任职培训于一个月内补齐';
let nominationHash = '';
let newSession = '';

async function login(page, base, username, password = 'demo') {
  await page.goto(base);
  await page.locator('#login-form').waitFor();
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('#user-box').waitFor();
  await landed(page);
}

// An account made with `zuofeng user add` must change its password at its first login.
function addUser(db, args) {
  const r = spawnSync(bin, ['user', 'add', '--db', db, ...args], { input: FIRST_PASS + '\n', encoding: 'utf8', env: { ...process.env, ZUOFENG_LOG: 'error' } });
  if (r.status !== 0) throw new Error('zuofeng user add ' + args.join(' ') + ': ' + r.stderr);
}
async function firstLogin(page, base, username) {
  await login(page, base, username, FIRST_PASS);
  await page.locator('#pw-form').waitFor();
  await page.getByLabel('当前密码').fill(FIRST_PASS);
  await page.getByLabel('新密码', { exact: true }).fill(PASS);
  await page.getByLabel('再次输入新密码').fill(PASS);
  await page.getByRole('button', { name: '修改密码' }).click();
  await page.locator('#nav').waitFor();
  await landed(page);
}

// Goes to a hash and waits until the page is drawn for it (a new drawing, not the old one).
async function go(page, hash, name) {
  const before = await seqOf(page);
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await ready(page, name, { hashPart: hash.replace(/\?.*/, ''), after: before });
}

// Submits a form and waits until its page is drawn again.
async function submitAndRedraw(page, button, name) {
  const before = await seqOf(page);
  await button.click();
  await ready(page, name, { after: before });
}

async function officeScenario(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('office', [
      ['the nav offers 教育, 任前把关 and 选任考察', async () => {
        await login(page, base, 'office');
        assert.deepEqual(await ownNav(page), ['单位', '干部', '评价', '教育', '任前把关', '选任考察']);
      }],
      ['教育 lists the programmes with their rules in words and how many must attend', async () => {
        await page.locator('#nav').getByRole('link', { name: '教育' }).click();
        await ready(page, 'education');
        await page.locator('h1', { hasText: '作风教育' }).waitFor();
        const row = page.locator('tr[data-code="LH-T01"]');
        assert.match(await text(row), /罗坊镇讲堂（80后干部）/);
        assert.match(await text(row.locator('td.rule')), /出生于 1980-01-01 至 1989-12-31.*单位：T01/);
        assert.match(await text(row), /每年至少 10 次/);
        assert.equal(await text(row.locator('td.targets')), '40', 'expected 40 cadres of 罗坊镇 born in the 1980s');
        assert.match(await text(row.locator('td.completion')), /^\d+ \/ 40 \d+\.\d%$/, 'expected how many of the 40 completed it this year, with the rate');
        assert.match(await text(page.locator('tr[data-code="CS-2026"] td.rule')), /副科及以上/);
        assert.match(await text(page.locator('tr[data-code="TALK"] td.rule')), /近 12 个月内新任职/);
        // The kind filter narrows the list.
        await page.getByLabel('项目类别').selectOption('lecture_hall');
        await page.waitForFunction(() => document.querySelectorAll('#programmes-list tbody tr').length === 9 && !document.querySelector('tr[data-code="CS-2026"]'));
        assert.match(page.url(), /#\/education\?kind=lecture_hall$/, 'expected the filter in the address');
        await shot(page, 'e01-programmes');
      }],
      ['a programme shows its targets page by page, its sessions and draws with their seeds', async () => {
        await page.getByRole('link', { name: '罗坊镇讲堂（80后干部）' }).click();
        await ready(page, 'programme', { hashPart: 'LH-T01' });
        await page.locator('h1', { hasText: '罗坊镇讲堂（80后干部）' }).waitFor();
        assert.match(await text(page.locator('#targets')), /罗振鹏/);
        assert.match(await text(page.locator('#targets .page-no')), /共 40 条/);
        assert.match(await text(page.locator('#targets tr[data-person="T01-001"]')), /\d+ 次.*(已完成|未完成)/);
        // Only those still owing it: fewer rows, none completed.
        await page.getByLabel('只看本期尚未完成的').check();
        await page.waitForFunction(() => !/共 40 条/.test(document.querySelector('#targets .page-no')?.textContent || '') && !document.querySelector('#targets-list[aria-busy]'));
        const flags = await page.locator('#targets tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.completed));
        assert.ok(flags.length > 0 && flags.length < 40 && flags.every((f) => f === '0'), 'expected only targets not completed, got ' + flags.join(','));
        assert.match(page.url(), /\?owing=1$/);
        await page.getByLabel('只看本期尚未完成的').uncheck();
        await page.waitForFunction(() => /共 40 条/.test(document.querySelector('#targets .page-no')?.textContent || ''));
        assert.match(await text(page.locator('#sessions')), /我身边的作风故事/);
        assert.match(await text(page.locator('#draws')), /种子 2026000/);
      }],
      ['the office draws two speakers with a seed and sees the picks', async () => {
        const form = page.locator('#draw-form');
        await form.getByLabel('抽选人数').fill('2');
        await form.getByLabel('种子（可选）').fill('777');
        await form.getByRole('button', { name: '抽选' }).click();
        const result = page.locator('#draw-result');
        await result.locator('.alert-success').waitFor();
        assert.match(await text(result), /已抽出 2 人（种子 777/);
        assert.equal(await result.locator('.picks a').count(), 2, 'expected two people drawn');
        await shot(page, 'e02-programme');
        noProblems(page);
      }],
      ['the office enters a session\'s attendance with a status per person', async () => {
        await page.locator('#sessions').getByRole('link', { name: '我身边的作风故事' }).click();
        await ready(page, 'session', { hashPart: 'sessions/1' });
        assert.match(await text(page.locator('#speakers')), /王家龙/);
        const sel = page.locator('#att-T01-001');
        assert.equal(await sel.inputValue(), 'present');
        await sel.selectOption('excused');
        await page.locator('#att-note-T01-001').fill('县里开会');
        await submitAndRedraw(page, page.locator('#attendance-save'), 'session');
        assert.match(await text(page.locator('#session-msg')), /已保存 1 人的出勤/);
        assert.equal(await page.locator('#att-T01-001').inputValue(), 'excused');
        assert.equal(await page.locator('#att-note-T01-001').inputValue(), '县里开会');
        // Saving with nothing changed says so.
        await page.locator('#attendance-save').click();
        assert.match(await text(page.locator('#attendance-msg')), /没有改动/);
        await shot(page, 'e03-session');
      }],
      ['the completion of every unit for 2026, with CSV and Excel downloads', async () => {
        await go(page, '#/education/completion?year=2026', 'completion');
        await page.locator('h1', { hasText: '2026 年各单位教育完成情况' }).waitFor();
        const t01 = page.locator('tr[data-unit="T01"]');
        assert.match(await text(t01), /罗坊镇/);
        assert.match(await text(t01.locator('.rate')), /%$/);
        assert.ok((await page.locator('#completion tbody tr').count()) >= 50, 'expected every unit');
        assert.match(await text(page.locator('tr.total-row')), /全区合计/);
        const csv = await page.locator('#download-csv').getAttribute('href');
        assert.match(csv, /^\/api\/v1\/education\/completion\?year=2026&format=csv$/);
        assert.match(await page.locator('#download-xlsx').getAttribute('href'), /format=xlsx/);
        const resp = await page.request.get(base.replace(/\/$/, '') + csv);
        assert.equal(resp.status(), 200);
        assert.match(await resp.text(), /罗坊镇/);
        await shot(page, 'e04-completion');
      }],
      ['a unit\'s cadres and a cadre\'s dossier', async () => {
        await page.locator('tr[data-unit="T01"] a').first().click();
        await ready(page, 'unit-education', { hashPart: 'units/T01' });
        await page.locator('h1', { hasText: '罗坊镇 2026 年教育完成情况' }).waitFor();
        await page.locator('#unit-education').getByRole('link', { name: '罗振鹏' }).click();
        await ready(page, 'dossier', { hashPart: 'T01-001/education' });
        await page.locator('h1', { hasText: '罗振鹏 · 2026 年教育档案' }).waitFor();
        assert.match(await text(page.locator('#dossier-owed')), /家庭助廉教育/);
        assert.match(await text(page.locator('#dossier-reading')), /中央八项规定及其实施细则/);
        assert.match(await text(page.locator('#dossier-commitments')), /立足岗位办实事/);
        assert.match(await text(page.locator('#dossier-sessions')), /我身边的作风故事.*请假/, 'expected the attendance just entered');
        await shot(page, 'e05-dossier');
      }],
      ['the person page links to the dossier and the responsibility report', async () => {
        await go(page, '#/people/T01-001', 'person');
        assert.equal(await page.locator('#person-dossier-link').getAttribute('href'), '#/people/T01-001/education');
        await page.locator('#person-report-link').click();
        await ready(page, 'person-report', { hashPart: 'T01-001/responsibility' });
        await page.locator('h1', { hasText: '罗振鹏 作风建设责任报告' }).waitFor();
        assert.match(await text(page.locator('#report-cases')), /ZF-2026-900001/);
        assert.match(await text(page.locator('#report-signed')), /黄晓霞/);
        noProblems(page);
      }],
      ['taking effect is refused naming what is missing; the override needs a written reason', async () => {
        await page.locator('#nav').getByRole('link', { name: '任前把关' }).click();
        await ready(page, 'appointments');
        const row = page.locator('#appointments-list tr[data-id="2"]');
        assert.match(await text(row), /罗贵江/);
        assert.match(await text(row.locator('.gate')), /缺少.*任职培训/);
        await page.locator('#appt-effect-2').click();
        await page.locator('#effect-2-submit').click();
        const panel = page.locator('#appt-panel-2');
        await panel.locator('.alert-error').waitFor();
        assert.match(await text(panel.locator('.alert-error').first()), /不能生效.*任职培训/);
        const reason = panel.getByLabel('强制生效理由');
        await panel.getByRole('button', { name: '强制生效' }).click();
        assert.match(await text(page.locator('#override-2-msg')), /请填写“强制生效理由”/);
        await reason.fill('马上到岗');
        await panel.getByRole('button', { name: '强制生效' }).click();
        await page.locator('#override-2-msg .alert-error').filter({ hasText: '10' }).waitFor();
        assert.match(await text(page.locator('#override-2-msg')), /字段：强制生效理由/);
        await shot(page, 'e06-refused');
        await reason.fill(OVERRIDE_REASON);
        await submitAndRedraw(page, panel.getByRole('button', { name: '强制生效' }), 'appointments');
        assert.match(await text(page.locator('#appointments-msg')), /罗贵江 的任职已强制生效/);
        assert.equal(await page.locator('#appointments-list tr[data-id="2"]').getAttribute('data-state'), 'overridden');
        assert.match(await text(page.locator('#overrides-list tr[data-id="2"]')), new RegExp(OVERRIDE_REASON));
        noProblems(page);
      }],
      ['the office nominates a cadre; the supervising leader comes from the chain', async () => {
        await page.locator('#nav').getByRole('link', { name: '选任考察' }).click();
        await ready(page, 'nominations');
        assert.equal(await page.locator('#nominations-list tbody tr').count(), 4);
        await page.locator('#nominate-open').click();
        const form = page.locator('#nominate-form');
        const who = form.getByLabel('被提名干部编号', { exact: true });
        await who.fill('T01-999');
        await form.getByLabel('拟任职务').fill('副镇长');
        await form.getByLabel('提名单位').fill('T01');
        await form.getByLabel('提名日期').fill('2026-11-20');
        // An unknown cadre: the API's error is shown next to the form, naming the field.
        await form.getByRole('button', { name: '提名', exact: true }).click();
        await page.locator('#nominate-form-msg .alert-error').waitFor();
        assert.match(await text(page.locator('#nominate-form-msg')), /T01-999.*字段：被提名干部编号/);
        assert.equal(await who.getAttribute('aria-invalid'), 'true');
        assert.ok(await who.evaluate((el) => el === document.activeElement), 'expected the focus on the field in error');
        await who.fill('T01-013');
        const before = await seqOf(page);
        await form.getByRole('button', { name: '提名', exact: true }).click();
        await ready(page, 'nomination', { after: before });
        nominationHash = new URL(page.url()).hash;
        assert.match(await text(page.locator('#nomination-msg')), /已提名 孙毅山/);
        assert.match(await text(page.locator('#nom-supervisor')), /罗振鹏/);
        assert.equal(await page.locator('#vet-form').count(), 0, 'the office does not vet');
        assert.equal(await page.locator('#assess-form').count(), 0, 'the office does not assess');
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function inspectorScenario(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('inspector', [
      ['the inspector has no 任前把关 in the nav nor any action on appointments', async () => {
        await login(page, base, 'inspector');
        assert.deepEqual(await ownNav(page), ['单位', '干部', '评价', '教育', '选任考察']);
        await go(page, '#/appointments', 'appointments');
        assert.ok((await page.locator('#appointments-list tbody tr[data-id]').count()) >= 3);
        assert.equal(await page.locator('[id^="appt-effect-"]').count(), 0, 'expected no 使生效 button for the inspector');
        await go(page, '#/education/programmes/LH-T01', 'programme');
        assert.equal(await page.locator('#draw-form').count(), 0, 'expected no draw form for the inspector');
      }],
      ['vetting needs the assessment first; then the nomination is cleared', async () => {
        assert.ok(nominationHash, 'the office made a nomination');
        await go(page, nominationHash, 'nomination');
        await page.locator('#vet-form-submit').click();
        await page.locator('#vet-form-msg .alert-error').waitFor();
        assert.match(await text(page.locator('#vet-form-msg')), /assessment|考察评价/);
        const form = page.locator('#assess-form');
        await form.getByLabel('评价等次').selectOption('好');
        await form.getByLabel('评价意见').fill('抓作风建设态度坚决，本人作风扎实');
        await submitAndRedraw(page, form.getByRole('button', { name: '保存评价' }), 'nomination');
        assert.match(await text(page.locator('#assessment')), /抓作风建设态度坚决/);
        await submitAndRedraw(page, page.locator('#vet-form-submit'), 'nomination');
        assert.match(await text(page.locator('#nomination-msg')), /审查通过/);
        assert.equal(await page.locator('#vet-latest [data-outcome]').getAttribute('data-outcome'), 'cleared');
        assert.match(await text(page.locator('#vet-latest')), /已审查的规则：.*禁止提拔期/);
        assert.equal(await page.locator('#sign-form').count(), 0, 'the inspector does not sign');
        assert.match(await text(page.locator('#sign-waiting')), /待 罗振鹏 本人登录签字/);
        await shot(page, 'e07-vetted');
      }],
      ['a vetoed nomination shows every reason with its rule basis', async () => {
        await go(page, '#/nominations/3', 'nomination');
        const reason = page.locator('#vet-latest .vet-reason[data-rule="promotion_ban"]');
        assert.match(await text(reason), /处于影响期（禁止提拔期）内/);
        assert.match(await text(reason.locator('.basis')), /依据：.*禁止提拔期内，不得提拔/);
        assert.match(await text(reason), /诫勉谈话/);
        assert.match(await text(page.locator('#record')), /ZF-2026-900002/);
      }],
      ['the veto rules with their basis, the liability flags and a scan', async () => {
        await go(page, '#/veto-rules', 'veto-rules');
        assert.equal(await page.locator('#veto-rules tbody tr').count(), 5);
        assert.match(await text(page.locator('tr[data-rule="veto_case_3y"]')), /作风表现不好的干部一律否决/);
        // the sanction tiers the rule counts, by name: organisational handling and judicial
        assert.match(await text(page.locator('tr[data-rule="org_handling_2y"]')), /计入的处理类别：组织处理（2）、移送司法（5）/);
        assert.equal(await page.locator('tr[data-rule="education_owed"]').getAttribute('data-active'), '0');
        assert.equal(await page.locator('[id^="rule-toggle-"]').count(), 0, 'expected no rule switch for the inspector');
        await page.locator('.subnav').getByRole('link', { name: '连带责任' }).click();
        await ready(page, 'liability-flags');
        const flag = page.locator('#flags-list tbody tr').first();
        assert.match(await text(flag), /罗振鹏.*高春倩/);
        await submitAndRedraw(page, page.locator('#scan-form-submit'), 'liability-flags');
        assert.match(await text(page.locator('#flags-msg')), /扫描完成/);
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

// A T01 staff account not linked to the supervising leader: offered the form (its own
// unit's nomination), refused by the server. A viewer reads education but not vetting.
async function otherAccountsScenario(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('staff and viewer', [
      ['a T01 staff account that is not the supervising leader cannot sign', async () => {
        await firstLogin(page, base, 'edu_staff');
        await go(page, nominationHash, 'nomination');
        const form = page.locator('#sign-form');
        await form.getByRole('button', { name: '签字' }).click();
        await page.locator('#sign-form-msg .alert-error').waitFor();
        assert.match(await text(page.locator('#sign-form-msg')), /本账户不是 罗振鹏 本人的账户，不能签字/);
        assert.equal(await page.locator('.unit-meta [data-state]').getAttribute('data-state'), 'cleared', 'expected the nomination still cleared');
        await page.locator('#logout').click();
        await page.locator('#login-form').waitFor();
      }],
      ['a viewer reads the education pages without any action and sees no vetting', async () => {
        await firstLogin(page, base, 'edu_viewer');
        assert.deepEqual(await ownNav(page), ['单位', '干部', '评价', '教育']);
        await go(page, '#/education/completion?year=2026', 'completion');
        assert.match(await text(page.locator('tr[data-unit="T01"]')), /罗坊镇/);
        await go(page, '#/education/sessions/1', 'session');
        assert.equal(await page.locator('#attendance-form').count(), 0, 'expected no attendance form for a viewer');
        assert.match(await text(page.locator('#attendance')), /罗振鹏/);
        await go(page, '#/appointments', 'appointments');
        assert.equal(await page.locator('[id^="appt-effect-"]').count(), 0);
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function leaderScenario(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('leader', [
      ['the T01 leader sees its own unit\'s nominations and no inspector action', async () => {
        await login(page, base, 'leader');
        assert.deepEqual(await ownNav(page), ['单位', '干部', '评价', '教育', '选任考察']);
        await go(page, '#/nominations', 'nominations');
        const units = await page.locator('#nominations-list tbody tr td:nth-child(2)').allTextContents();
        assert.ok(units.length >= 2 && units.every((u) => u.includes('罗坊镇')), 'expected only 罗坊镇 nominations, got ' + units.join(', '));
        assert.equal(await page.locator('#nominate-open').count(), 0);
        await go(page, nominationHash, 'nomination');
        assert.equal(await page.locator('#vet-form').count(), 0);
        assert.equal(await page.locator('#assess-form').count(), 0);
        assert.equal(await page.locator('#supervisor-form').count(), 0);
      }],
      ['the supervising leader signs the cleared nomination', async () => {
        const form = page.locator('#sign-form');
        assert.match(await text(form), /只有 罗振鹏 本人的账户可以签字/);
        await submitAndRedraw(page, form.getByRole('button', { name: '签字' }), 'nomination');
        assert.match(await text(page.locator('#nomination-msg')), /已签字/);
        assert.match(await text(page.locator('.unit-meta')), /已签字/);
        assert.match(await text(page.locator('#signature')), /leader/);
        await shot(page, 'e08-signed');
      }],
      ['the leader records a new session of its unit: everyone present but one absent', async () => {
        await go(page, '#/education/sessions/' + newSession, 'session');
        assert.match(await text(page.locator('#attendance-summary')), /已登记 0 人/);
        assert.equal(await page.locator('#attendance-form select.att-status').count(), 40, 'expected the 40 targets listed');
        await page.locator('#attendance-all-present').click();
        assert.match(await text(page.locator('#attendance-msg')), /已将 40 名未登记人员设为出席/);
        await page.locator('#att-T01-004').selectOption('absent');
        await submitAndRedraw(page, page.locator('#attendance-save'), 'session');
        assert.match(await text(page.locator('#session-msg')), /已保存 40 人的出勤/);
        assert.match(await text(page.locator('#attendance-summary')), /已登记 40 人：出席 39，迟到 0，请假 0，缺席 1/);
        assert.equal(await page.locator('#attendance-all-present').count(), 0, 'expected no mass button once everyone is recorded');
      }],
      ['the leader may not open the district\'s completion', async () => {
        await page.evaluate(() => {
          location.hash = '#/education/completion';
        });
        await page.waitForFunction(() => !location.hash.startsWith('#/education/completion'));
        await go(page, '#/education/units/T01?year=2026', 'unit-education');
        assert.match(await text(page.locator('h1')), /罗坊镇 2026 年教育完成情况/);
        // Another unit's cadres are refused by the server, and the page says so.
        await go(page, '#/education/units/T02?year=2026', 'unit-education');
        assert.equal(await page.locator('#unit-education .alert-error').getAttribute('data-status'), '403');
        assert.equal(await page.locator('#unit-education tbody tr').count(), 0);
      }],
      ['the unit page links to the unit\'s responsibility report', async () => {
        await go(page, '#/units/T01', 'unit');
        await page.locator('#unit-report-link').click();
        await ready(page, 'unit-report', { hashPart: 'T01/responsibility' });
        await page.locator('h1', { hasText: '罗坊镇 作风建设责任报告' }).waitFor();
        const c = page.locator('#report-cases tr[data-case="ZF-2026-900001"]');
        assert.match(await text(c), /高春倩.*罗振鹏.*主要领导（第一责任人）/);
        assert.match(await text(page.locator('#report-team')), /罗振鹏/);
        assert.match(await page.locator('#download-csv').getAttribute('href'), /format=csv/);
        // the Excel download is a workbook the leader may fetch
        const xlsx = await page.evaluate(async (u) => {
          const r = await fetch(u);
          const b = new Uint8Array(await r.arrayBuffer());
          return { status: r.status, type: r.headers.get('content-type'), magic: String.fromCharCode(b[0], b[1]) };
        }, await page.locator('#download-xlsx').getAttribute('href'));
        assert.deepEqual(xlsx, { status: 200, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: 'PK' });
        await shot(page, 'e09-unit-report');
        noProblems(page);
      }],
      ['English is complete on the education pages', async () => {
        await go(page, '#/education', 'education');
        const before = await seqOf(page);
        await page.locator('#lang-switch').click();
        await ready(page, 'education', { after: before });
        await page.locator('h1', { hasText: 'Work-style education' }).waitFor();
        assert.match(await text(page.locator('tr[data-code="LH-T01"] td.rule')), /born 1980-01-01 to 1989-12-31/);
        await page.locator('#lang-switch').click();
        await page.locator('h1', { hasText: '作风教育' }).waitFor();
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

// After the vetting above: the office switches a veto rule on and changes the default
// joint-liability period, each confirmed in its form.
async function officeSettingsScenario(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('office settings', [
      ['the office enables a veto rule after confirming it', async () => {
        await login(page, base, 'office');
        await go(page, '#/veto-rules', 'veto-rules');
        await page.locator('#rule-toggle-education_owed').click();
        const form = page.locator('#rule-enable-education_owed');
        assert.match(await text(form), /此后的每次审查都适用这条规则/);
        await submitAndRedraw(page, form.getByRole('button', { name: '启用' }), 'veto-rules');
        assert.match(await text(page.locator('#rules-msg')), /已启用“应修教育培训未完成”/);
        assert.equal(await page.locator('tr[data-rule="education_owed"]').getAttribute('data-active'), '1');
      }],
      ['the office changes the default joint-liability period; a bad value is refused', async () => {
        await go(page, '#/nominations', 'nominations');
        assert.match(await text(page.locator('#liability-default')), /24 个月/);
        await page.locator('#settings-edit').click();
        const form = page.locator('#settings-form');
        const months = form.getByLabel('连带责任期');
        await months.fill('121');
        await form.getByRole('button', { name: '保存' }).click();
        await page.locator('#settings-form-msg .alert-error').waitFor();
        assert.match(await text(page.locator('#settings-form-msg')), /字段：连带责任期/);
        await months.fill('36');
        await submitAndRedraw(page, form.getByRole('button', { name: '保存' }), 'nominations');
        assert.match(await text(page.locator('#liability-default')), /36 个月/);
        noProblems(page);
      }],
      ['every page shows words, never a missing translation key, in Chinese and in English', async () => {
        const pages = [
          ['#/education', 'education'],
          ['#/education/programmes/LH-T01', 'programme'],
          ['#/education/sessions/1', 'session'],
          ['#/education/completion?year=2026', 'completion'],
          ['#/education/units/T01?year=2026', 'unit-education'],
          ['#/people/T01-001/education?year=2026', 'dossier'],
          ['#/appointments', 'appointments'],
          ['#/nominations', 'nominations'],
          ['#/nominations/3', 'nomination'],
          ['#/veto-rules', 'veto-rules'],
          ['#/liability-flags', 'liability-flags'],
          ['#/units/T01/responsibility', 'unit-report'],
          ['#/people/QU-003/responsibility', 'person-report'],
        ];
        for (const lang of ['zh', 'en']) {
          if (lang === 'en') await page.locator('#lang-switch').click();
          for (const [hash, name] of pages) {
            await go(page, hash, name);
            const body = await text(page.locator('#main'));
            const keys = body.match(/\b(?:edu|resp|appt|nav|common)\.[a-z_.]+/g);
            assert.equal(keys, null, `${lang} ${hash}: translation keys on the page: ${keys}`);
            assert.equal(await page.locator('#main .alert-error').count(), 0, `${lang} ${hash}: an error box`);
            if (lang === 'en' && name === 'nomination') await shot(page, 'e10-vetoed-en');
          }
        }
        assert.match(await text(page.locator('#main h1')), /responsibility report/);
        await page.locator('#lang-switch').click();
        noProblems(page);
      }],
      ['the pages fit a phone (their tables scroll inside)', async () => {
        await page.setViewportSize({ width: 390, height: 844 });
        for (const [hash, name] of [['#/education', 'education'], ['#/education/sessions/1', 'session'], ['#/appointments', 'appointments'], ['#/nominations/3', 'nomination'], ['#/units/T01/responsibility', 'unit-report']]) {
          await go(page, hash, name);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 1, `${hash}: the page is ${overflow} px too wide at 390 px`);
        }
        await shot(page, 'e11-phone-report', { fullPage: false });
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function main() {
  const dirs = workdir('zf-ui-educate-');
  let base;
  const started = await step('setup: demo district with education and vetting records, and the server', async () => {
    const { db } = dirs;
    const demo = runDemo();
    if (!/education: \d+ programmes/.test(demo)) throw new Error('the demo made no education records:\n' + demo);
    const made = /session (\d+) created/.exec(run(['educate', 'session', 'add', '--programme', 'LH-T01', '--date', '2026-11-26', '--title', '作风建设新一讲', '--unit', 'T01', '--place', '镇党校教室', '--hours', '2']));
    if (!made) throw new Error('no new session');
    newSession = made[1];
    addUser(db, ['--role', 'unit_staff', '--unit', 'T01', 'edu_staff']);
    addUser(db, ['--role', 'viewer', 'edu_viewer']);
    base = await startServer();
    log('server at', base);
    await launch();
  });
  if (!started) return;
  await officeScenario(base);
  await inspectorScenario(base);
  await otherAccountsScenario(base);
  await leaderScenario(base);
  await officeSettingsScenario(base);
}

await runTest(main);
