// smoke.test.mjs: the browser smoke test of the zuofeng web UI.
//
//   node tests/ui/smoke.test.mjs <path-to-zuofeng-binary> <source-dir>
//
// Builds a demo district in a temporary directory (`zuofeng demo`), serves it on an ephemeral
// loopback port, and drives Debian's Chromium (headless, through playwright-core) the way a
// person would: logs in through the form, browses units, opens 罗坊镇 (T01), reads its
// responsibility chain, switches language, logs out; then logs in as each administrator and
// checks that each sees its own page and no business page; last, that a locked account and a
// throttled address get their Chinese messages. Prints `N passed, M failed` last
// and exits non-zero on any failure. Screenshots go to tests/ui/screenshots/ (git-ignored).

import assert from 'node:assert/strict';
import { harness } from './lib.mjs';

const NEW_USER = 'ui_viewer';
const NEW_PASS = 'Ui-first-pass1';
const NEW_PASS2 = 'Ui-second-pass2';

const { log, workdir, runDemo, startServer, launch, newPage, noProblems, shot, text, ready, seqOf, navLabels, step, scenario, runTest } = harness({
  name: 'smoke.test.mjs',
  totalTimeoutMs: 120_000,
  stepTimeoutMs: 15_000,
  viewport: { width: 1280, height: 900 },
});

async function login(page, username, password) {
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

// ---- the checks ----

async function officeScenario(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('office', [
      ['the login form is shown in Chinese', async () => {
        await page.goto(base);
        await page.locator('#login-form').waitFor();
        assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'expected <html lang="zh-CN"> by default');
        assert.equal(await text(page.locator('#login-title')), '用户登录', 'expected the heading 用户登录');
        await shot(page, '01-login');
      }],
      ['a wrong password gives a Chinese error', async () => {
        await login(page, 'office', 'not-the-password');
        const msg = page.locator('#login-msg [role=alert]');
        await msg.waitFor();
        assert.match(await text(msg), /用户名或密码错误/, 'expected 用户名或密码错误 after a wrong password');
        assert.equal(await page.locator('#login-password').inputValue(), '', 'expected the password field cleared');
      }],
      ['office/demo logs in and sees the units by category', async () => {
        await login(page, 'office', 'demo');
        await page.locator('#user-box').waitFor();
        assert.match(await text(page.locator('#user-box')), /office.*作风办/, 'expected the header to show "office" and the role 作风办');
        assert.deepEqual(await navLabels(page), ['单位', '干部', '评价', '投诉督办', '问责', '曝光台', '督查检查', '服务站', '教育', '任前把关', '选任考察'], 'expected the office nav 单位, 干部, 评价, 投诉督办, 问责, 曝光台, 督查检查, 服务站, 教育, 任前把关, 选任考察');
        await ready(page, 'units');
        const groups = (await page.locator('.unit-group h2').allTextContents()).join(' ');
        assert.match(groups, /乡镇/, 'expected a 乡镇 (townships) group on the units page, got: ' + groups);
        assert.match(groups, /系统/, 'expected at least one 系统 (department system) group, got: ' + groups);
        await shot(page, '02-units');
      }],
      ['the unit search finds 罗坊镇 and opens T01', async () => {
        await page.getByLabel('按名称或编码搜索单位').fill('罗坊');
        const cards = page.locator('.unit-card');
        await page.waitForFunction(() => document.querySelectorAll('.unit-card').length >= 1 && [...document.querySelectorAll('.unit-card .unit-name')].every((n) => n.textContent.includes('罗坊')));
        assert.ok((await cards.count()) >= 1, 'expected the search 罗坊 to keep 罗坊镇');
        await page.getByRole('link', { name: /罗坊镇/ }).first().click();
        await page.waitForURL(/#\/units\/T01/);
        await ready(page, 'unit', { hashPart: 'T01' });
        await page.locator('h1', { hasText: '罗坊镇' }).waitFor();
      }],
      ['the chain of T01 starts with a 第一责任人 who has a name', async () => {
        const first = page.locator('#chain-list > li').first();
        await first.waitFor();
        const main = page.locator('#chain-list > li', { has: page.locator('.relation', { hasText: /^第一责任人$/ }) });
        assert.ok((await main.count()) >= 1, 'expected at least one chain entry labelled 第一责任人');
        const name = await text(main.first().locator('.chain-person'));
        assert.ok(name.length >= 2, `expected the 第一责任人 entry to name a person, got "${name}"`);
        assert.equal(await text(first.locator('.relation')), '第一责任人', 'expected the first entry of the chain to be the 第一责任人');
        assert.equal(await first.getAttribute('data-level'), '1', 'expected the 第一责任人 at level 1');
        const team = page.locator('.team-member.is-main');
        assert.equal(await team.count(), 1, 'expected exactly one highlighted main leader in the leadership team');
        assert.equal(await text(team.locator('.member-name')), name, 'expected the team\'s main leader to be the chain\'s 第一责任人');
        await shot(page, '03-unit-T01');
      }],
      ['an area recomputes the chain', async () => {
        await page.getByLabel('问题所属领域').fill('安全生产');
        await page.getByRole('button', { name: '计算责任链' }).click();
        await page.locator('.chain-heading', { hasText: '安全生产' }).waitFor();
        const rels = await page.locator('#chain-list .relation').allTextContents();
        assert.equal(rels[0], '第一责任人', 'expected the area chain to start with the 第一责任人 too, got ' + rels.join(' / '));
        assert.ok(rels.length >= 2, 'expected more than the main leader in the 安全生产 chain, got ' + rels.join(' / '));
        assert.match(page.url(), /area=/, 'expected the area kept in the address');
        await shot(page, '04-unit-T01-area');
      }],
      ['English: the labels change and the choice is remembered', async () => {
        const before = await seqOf(page);
        await page.getByRole('button', { name: 'Switch to English' }).click();
        await ready(page, 'unit', { hashPart: 'T01', after: before });
        await page.locator('h2', { hasText: 'Responsibility chain' }).waitFor();
        const main = page.locator('#chain-list > li').first().locator('.relation');
        await main.waitFor();
        const label = await text(main);
        assert.match(label, /main leader|first responsible person/i, `expected the English label "Main leader" / "First responsible person", got "${label}"`);
        assert.doesNotMatch(label, /第一责任人/, 'expected no Chinese label in English');
        assert.equal(await page.getAttribute('html', 'lang'), 'en', 'expected <html lang="en"> after switching');
        await shot(page, '05-unit-T01-en');
        await page.reload();
        await ready(page, 'unit', { hashPart: 'T01' });
        await page.locator('h2', { hasText: 'Responsibility chain' }).waitFor();
        assert.match(await text(page.locator('#chain-list > li .relation').first()), /first responsible person/i, 'expected English to survive a reload (localStorage)');
        const again = await seqOf(page);
        await page.getByRole('button', { name: '切换到中文' }).click();
        await ready(page, 'unit', { hashPart: 'T01', after: again });
        await page.locator('h2', { hasText: '责任链' }).waitFor();
      }],
      ['people: search, 80后 filter and a person page', async () => {
        await page.locator('#nav').getByRole('link', { name: '干部' }).click();
        await ready(page, 'people');
        assert.ok((await page.locator('#people-results table tbody tr').count()) > 0, 'expected the people page to list cadres');
        await page.getByLabel('只看 80 后').check();
        const before = await seqOf(page);
        await page.getByRole('button', { name: '搜索' }).click();
        await ready(page, 'people', { hashPart: 'born80=1', after: before });
        const rows = page.locator('#people-results table tbody tr');
        const n = await rows.count();
        const tags = await page.locator('#people-results .badge-post80').count();
        assert.ok(n > 0, 'expected cadres born 1980-1989 in the demo district');
        assert.equal(tags, n, `expected every row of the 80后 filter to carry the 80后 marker (${tags} of ${n})`);
        await shot(page, '06-people-80');
        const who = await text(rows.first().locator('td a').first());
        await rows.first().locator('td a').first().click();
        await page.locator('h1', { hasText: who }).waitFor();
        await page.locator('.details').first().waitFor();
      }],
      ['logging out brings the login form back', async () => {
        await page.getByRole('button', { name: '退出登录' }).click();
        await page.locator('#login-form').waitFor();
        assert.match(await text(page.locator('#login-msg')), /已安全退出/, 'expected the notice 您已安全退出');
        const r = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
        assert.equal(r, 401, 'expected the session gone after logout (GET /api/v1/session -> 401)');
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function adminScenario(base, username, expect) {
  const { context, page } = await newPage(base);
  try {
    await scenario(username, [
      ['logs in and lands on its own page', async () => {
        await page.goto(base);
        await page.locator('#login-form').waitFor();
        await login(page, username, 'demo');
        await page.locator('#user-box').waitFor();
        assert.match(await text(page.locator('#user-box')), new RegExp(expect.role), `expected the role ${expect.role} in the header`);
        await ready(page, expect.page);
        assert.match(page.url(), expect.url, `expected ${username} to land on ${expect.url}`);
        await page.locator('h1', { hasText: expect.heading }).waitFor();
        await page.locator(expect.ready).first().waitFor();
      }],
      ['is offered no business page', async () => {
        const labels = await navLabels(page);
        assert.deepEqual(labels, expect.nav, `expected the nav ${JSON.stringify(expect.nav)}, got ${JSON.stringify(labels)}`);
        const hrefs = await page.locator('#nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.ok(!hrefs.some((h) => /units|people/.test(h)), 'expected no link to units or people, got ' + hrefs.join(' '));
        const before = await seqOf(page);
        await page.goto(base + '#/units/T01');
        await ready(page, expect.page, { after: before });
        assert.match(page.url(), expect.url, 'expected #/units/T01 to send ' + username + ' back to its own page');
        assert.equal(await page.locator('#chain-list').count(), 0, 'expected #/units/T01 not to render for ' + username);
        await page.locator('h1', { hasText: expect.heading }).waitFor();
      }],
      ...(expect.extra || []).map(([n, fn]) => [n, () => fn(page)]),
      ['logs out', async () => {
        await shot(page, expect.shot);
        await page.getByRole('button', { name: '退出登录' }).click();
        await page.locator('#login-form').waitFor();
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function firstLoginScenario(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('first login', [
      ['a new account must change its password before anything else', async () => {
        await page.goto(base);
        await login(page, NEW_USER, NEW_PASS);
        await page.locator('#pw-form').waitFor();
        assert.equal(await page.locator('#nav').count(), 0, 'expected no navigation before the password is changed');
        const r = await page.evaluate(async () => (await fetch('/api/v1/units')).json());
        assert.equal(r && r.error && r.error.code, 'password_change_required', 'expected the API to refuse business routes before the change');
        await page.getByLabel('当前密码').fill(NEW_PASS);
        await page.getByLabel('新密码', { exact: true }).fill(NEW_PASS2);
        await page.getByLabel('再次输入新密码').fill(NEW_PASS2);
        await page.getByRole('button', { name: '修改密码' }).click();
        await ready(page, 'units');
        assert.match(await text(page.locator('#user-box')), /只读/, 'expected the viewer role 只读 in the header');
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function mobileScenario(base) {
  const { context, page } = await newPage(base, { width: 390, height: 844 });
  try {
    await scenario('phone', [
      ['the unit page fits a phone screen', async () => {
        await page.goto(base);
        await login(page, 'office', 'demo');
        await page.locator('.unit-card').first().waitFor();
        await page.goto(base + '#/units/T01');
        await ready(page, 'unit', { hashPart: 'T01' });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `expected no horizontal scrolling at 390 px, the page is ${overflow} px too wide`);
        await shot(page, '10-phone-unit-T01');
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

// Last, because it locks an account and gets this address throttled.
async function lockoutScenario(base) {
  const { context, page } = await newPage(base);
  // One try through the form; the answer it shows (the previous one is cleared first).
  const attempt = async (username, password) => {
    await page.evaluate(() => document.getElementById('login-msg').replaceChildren());
    await login(page, username, password);
    const msg = page.locator('#login-msg [role=alert]');
    await msg.waitFor();
    await page.locator('#login-submit:not([disabled])').waitFor();
    return text(msg);
  };
  try {
    await scenario('lockout', [
      ['repeated wrong passwords lock the account, in Chinese', async () => {
        await page.goto(base);
        await page.locator('#login-form').waitFor();
        const seen = [];
        for (let i = 0; i < 10; i++) {
          seen.push(await attempt('inspector', 'wrong-' + i));
          if (/锁定/.test(seen[seen.length - 1])) break;
        }
        assert.match(seen[seen.length - 1], /该账户已被锁定/, 'expected 该账户已被锁定 within 10 wrong passwords, saw:\n  ' + seen.join('\n  '));
        assert.match(seen[0], /用户名或密码错误/, 'expected 用户名或密码错误 before the lock');
        assert.match(await attempt('inspector', 'demo'), /该账户已被锁定/, 'expected the right password refused while locked');
      }],
      ['too many failures from one address are throttled, in Chinese', async () => {
        let last = '';
        for (let i = 0; i < 40 && !/过于频繁/.test(last); i++) last = await attempt('nobody-' + i, 'x');
        assert.match(last, /登录尝试过于频繁/, 'expected 登录尝试过于频繁 within 40 failures from one address, last: ' + last);
        await shot(page, '11-throttled');
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function main() {
  workdir('zf-ui-');
  let base;
  const started = await step('setup: demo district and server', async () => {
    runDemo();
    base = await startServer();
    log('server at', base);
    await launch();
  });
  if (!started) return;
  await officeScenario(base);
  await adminScenario(base, 'auditor', {
    role: '审计管理员',
    page: 'audit',
    url: /#\/audit$/,
    heading: '审计日志',
    ready: '#log-results table tbody tr',
    nav: ['审计日志', '登录日志'],
    shot: '07-auditor-audit',
    extra: [
      ['the audit log verifies intact', async (page) => {
        await page.getByRole('button', { name: '校验日志完整性' }).click();
        const r = page.locator('#verify-result .alert');
        await r.waitFor();
        assert.match(await text(r), /日志完整/, 'expected 日志完整 (intact) from the verify button, got: ' + (await text(r)));
      }],
      ['the login log shows the logins', async (page) => {
        await page.locator('#nav').getByRole('link', { name: '登录日志' }).click();
        await ready(page, 'logins');
        const body = await text(page.locator('#log-results tbody'));
        assert.match(body, /office/, 'expected office\'s logins in the login log');
        assert.match(body, /密码错误/, 'expected the wrong-password attempt in the login log');
        await page.locator('#nav').getByRole('link', { name: '审计日志' }).click();
        await ready(page, 'audit');
      }],
    ],
  });
  await adminScenario(base, 'sysadmin', {
    role: '系统管理员',
    page: 'users',
    url: /#\/admin\/users$/,
    heading: '账户管理',
    ready: '#users-list table tbody tr',
    nav: ['账户管理'],
    shot: '08-sysadmin-users',
    extra: [
      ['the account list holds the demo accounts', async (page) => {
        const names = await page.locator('#users-list tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.username));
        for (const u of ['office', 'inspector', 'leader', 'sysadmin', 'secadmin', 'auditor'])
          assert.ok(names.includes(u), `expected the account ${u} in the list, got ${names.join(', ')}`);
      }],
      ['creates a read-only account through the form', async (page) => {
        const form = page.locator('#user-create');
        await form.getByLabel('用户名').fill(NEW_USER);
        await form.getByLabel('姓名').fill('界面测试');
        await form.getByLabel('角色').selectOption('viewer');
        await form.getByLabel('初始密码').fill(NEW_PASS);
        await form.getByRole('button', { name: '创建账户' }).click();
        const ok = form.locator('.alert-success');
        await ok.waitFor();
        assert.match(await text(ok), new RegExp(NEW_USER), 'expected a confirmation naming the new account');
        const row = page.locator(`#users-list tr[data-username="${NEW_USER}"]`);
        await row.waitFor();
        assert.match(await text(row), /只读/, 'expected the new account listed with the role 只读');
        assert.match(await text(row), /须改密码/, 'expected the new account flagged 须改密码');
      }],
    ],
  });
  await adminScenario(base, 'secadmin', {
    role: '安全管理员',
    page: 'policy',
    url: /#\/admin\/policy$/,
    heading: '安全策略',
    ready: '#policy-form input',
    nav: ['安全策略'],
    shot: '09-secadmin-policy',
  });
  await firstLoginScenario(base);
  await mobileScenario(base);
  await lockoutScenario(base);
}

await runTest(main);
