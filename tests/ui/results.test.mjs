// results.test.mjs: the browser test of the evaluation pages (评价).
//
//   node tests/ui/results.test.mjs <path-to-zuofeng-binary> <source-dir>
//
// Builds the demo district with its open round 2026 (`zuofeng demo`), serves it on an
// ephemeral loopback port, and drives Debian's Chromium (headless, through playwright-core):
// the office opens 评价, the round, reads the provisional ranking (an 优秀 and a 末位 row in
// each category, the rank range and P(末位) beside every rank, 需复核 where last place is not
// certain), downloads the CSV, switches to English and back, opens a scorecard with a group
// too small to show; then closes the round, generates the accountability proposals,
// confirms one and dismisses another, and publishes. The T01 leader then sees the published
// ranking and only its own scorecard; the inspector sees the proposals without buttons; the
// office reopens the round with a reason; and the ranking fits a phone. Prints
// `N passed, M failed` last and exits non-zero on any failure. Screenshots go to
// tests/ui/screenshots/ (git-ignored).

import assert from 'node:assert/strict';
import { harness } from './lib.mjs';

const ROUND = '2026';

const { log, workdir, runDemo, startServer, launch, newPage, noProblems, shot, text, ready, landed, seqOf, navLabels, step, scenario, runTest } = harness({
  name: 'results.test.mjs',
  totalTimeoutMs: 180_000,
  stepTimeoutMs: 20_000,
  viewport: { width: 1366, height: 900 },
  contextOptions: { acceptDownloads: true },
  quiet: true,
});

async function login(page, base, username) {
  await page.goto(base);
  await page.locator('#login-form').waitFor();
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill('demo');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('#user-box').waitFor();
  await landed(page);
}

// Clicks a lifecycle button, confirms it in its panel (with a reason when given) and waits
// for the round page to be drawn again.
async function move(page, label, reason) {
  const before = await seqOf(page);
  await page.locator('#round-actions').getByRole('button', { name: label, exact: true }).click();
  const panel = page.locator('.action-panel');
  await panel.waitFor();
  if (reason !== undefined) await panel.locator('textarea').fill(reason);
  await panel.getByRole('button', { name: label, exact: true }).click();
  await ready(page, 'round', { hashPart: ROUND, after: before });
}

// ---- the checks ----

async function officeScenario(base) {
  const { context, page } = await newPage(base);
  const ranking = page.locator('#ranking');
  try {
    const done = await scenario('office', [
      ['评价 is in the nav and lists round 2026 in progress', async () => {
        await login(page, base, 'office');
        assert.deepEqual(await navLabels(page), ['单位', '干部', '评价', '投诉督办', '问责', '曝光台', '督查检查', '服务站', '教育', '任前把关', '选任考察'], 'expected the office nav 单位, 干部, 评价, 投诉督办, 问责, 曝光台, 督查检查, 服务站, 教育, 任前把关, 选任考察');
        await page.locator('#nav').getByRole('link', { name: '评价' }).click();
        await ready(page, 'rounds');
        const row = page.locator(`#rounds-table tr[data-code="${ROUND}"]`);
        await row.waitFor();
        assert.match(await text(row), /2026年度干部作风建设综合评价/, 'expected the demo round by name');
        assert.equal(await text(row.locator('.badge-state')), '进行中', 'expected the state badge 进行中 for an open round');
        await shot(page, 'r01-rounds');
      }],
      ['the round shows a provisional ranking per category', async () => {
        await page.getByRole('link', { name: '2026年度干部作风建设综合评价' }).click();
        await ready(page, 'round', { hashPart: ROUND });
        await page.locator('h1', { hasText: '2026年度干部作风建设综合评价' }).waitFor();
        assert.match(await text(page.locator('#provisional-banner')), /暂定/, 'expected the 暂定 banner on an open round');
        const heads = await page.locator('.ranking-card h2').allTextContents();
        assert.equal(heads.length, 6, 'expected six categories (townships and five systems), got: ' + heads.join(' / '));
        assert.match(heads[0], /乡镇/, 'expected the townships first, got ' + heads[0]);
        const cols = (await page.locator('#table-township thead th').allTextContents()).map((s) => s.trim());
        for (const c of ['名次', '名次区间', '单位', '综合得分', '民主评价', '过程评价', '自评', '效能', '满意度调整', '扣分', '等次', '标记', 'P(末位)'])
          assert.ok(cols.includes(c), `expected the column ${c}, got ${cols.join(', ')}`);
        assert.equal(await page.locator('#ranking tbody tr').count(), 50, 'expected the 50 evaluated units');
      }],
      ['every category has an 优秀 and a 末位 row, every rank its certainty', async () => {
        for (const table of await page.locator('table.ranking').all()) {
          const id = await table.getAttribute('id');
          assert.ok((await table.locator('tr[data-grade="优秀"]').count()) >= 1, `expected an 优秀 row in ${id}`);
          const worst = table.locator('tr.is-worst');
          assert.equal(await worst.count(), 1, `expected one 末位 row in ${id}`);
          assert.match(await text(worst.locator('.badge-worst')), /末位/, `expected the 末位 badge in ${id}`);
          assert.match(await text(worst.locator('.badge-grade')), /一般|较差/, `expected the last unit of ${id} graded 一般 or 较差`);
        }
        const ranges = await page.locator('#ranking tbody td.range').allTextContents();
        assert.ok(ranges.every((r) => /^\d+(–\d+)?$/.test(r.trim())), 'expected a rank range beside every rank, got ' + ranges.join(' '));
        const pl = await page.locator('#ranking tbody td.certainty .num-text').allTextContents();
        assert.ok(pl.every((p) => /^[01]\.\d{3}$/.test(p.trim())), 'expected P(末位) with 3 decimals beside every rank, got ' + pl.join(' '));
        // 需复核 exactly where the last unit's P(last) is below 0.9.
        const worst = await page.locator('#ranking tr.is-worst').evaluateAll((rs) => rs.map((r) => ({ p: +r.querySelector('.num-text').textContent, review: !!r.querySelector('.badge-review') })));
        for (const w of worst) assert.equal(w.review, w.p < 0.9, `expected 需复核 exactly when P(末位) < 0.9, got P=${w.p} with review=${w.review}`);
        assert.ok(worst.some((w) => w.review), 'expected the demo to hold a last place that needs review');
        assert.ok(worst.some((w) => !w.review), 'expected the demo to hold a certain last place');
        const vetoed = page.locator('#ranking tr.is-vetoed');
        assert.equal(await vetoed.count(), 1, 'expected one vetoed unit');
        assert.match(await text(vetoed), /一票否决/, 'expected the 一票否决 flag');
        assert.match(await text(page.locator('#ranking tbody tr', { has: page.locator('.badge', { hasText: '数据不全' }) })), /医疗保障局/, 'expected 区医疗保障局 flagged 数据不全');
        await shot(page, 'r02-ranking');
      }],
      ['the category filter and the CSV download', async () => {
        await page.locator('#ranking-category').selectOption('zhengfa');
        assert.equal(await page.locator('.ranking-card:visible').count(), 1, 'expected one category shown after filtering');
        assert.match(page.url(), /category=zhengfa/, 'expected the filter kept in the address');
        await page.locator('#ranking-category').selectOption('');
        assert.equal(await page.locator('.ranking-card:visible').count(), 6, 'expected every category back');
        const href = await page.locator('#download-csv').getAttribute('href');
        assert.match(href, /\/results\?format=csv$/, 'expected the CSV link to the results route, got ' + href);
        const csv = await page.evaluate(async (u) => {
          const r = await fetch(u);
          return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
        }, href);
        assert.equal(csv.status, 200, 'expected the CSV to download');
        assert.match(csv.type, /text\/csv/, 'expected text/csv');
        const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\n');
        assert.equal(lines[0], 'category,rank,unit,name,total,democratic,process,self,efficiency,survey_adjust,deduction,vetoed,incomplete,grade,worst,p_last');
        assert.equal(lines.length, 51, 'expected a header and 50 units');
      }],
      ['the office issues invitation letters and tokens for the round', async () => {
        await page.locator('#round-actions').getByRole('button', { name: '发放评价码', exact: true }).click();
        const form = page.locator('#tokens-form');
        await form.waitFor();
        await page.getByLabel('评价群体').selectOption('public');
        await page.getByLabel('单位类别').selectOption('township');
        await page.getByLabel('数量').fill('2');
        assert.equal(await page.getByLabel('形式').inputValue(), 'pdf', 'expected letters (PDF) as the default form');
        assert.equal(await page.getByLabel('系统公网地址').inputValue(), base.replace(/\/$/, ''), 'expected the public address prefilled with this address');
        const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: '生成', exact: true }).click()]);
        assert.equal(download.suggestedFilename(), 'tokens-2026-public.pdf', 'expected the letters named after the round and group');
        const file = await download.path();
        const head = (await import('node:fs')).readFileSync(file).subarray(0, 5).toString();
        assert.equal(head, '%PDF-', 'expected a PDF');
        await form.locator('.alert-success', { hasText: '已生成 2 份邀请函' }).waitFor();
        await shot(page, 'r03-letters');
        // shown once on the page instead; the address goes with letters only
        await page.getByLabel('形式').selectOption('json');
        assert.equal(await page.getByLabel('系统公网地址').isVisible(), false, 'expected no address field for tokens shown on the page');
        await form.getByRole('button', { name: '生成', exact: true }).click();
        await page.locator('#tokens-list li').first().waitFor();
        const shown = await page.locator('#tokens-list li').allTextContents();
        assert.equal(shown.length, 2, 'expected two tokens shown');
        assert.ok(shown.every((x) => /^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/.test(x.trim())), 'expected tokens XXXX-...-XXXX, got ' + shown.join(' '));
        // a refusal is shown in the panel, named
        await page.getByLabel('数量').fill('0');
        await form.getByRole('button', { name: '生成', exact: true }).click();
        await form.locator('.alert-error').waitFor();
        await form.getByRole('button', { name: '取消', exact: true }).click();
        assert.equal(await page.locator('#tokens-form').count(), 0, 'expected the panel closed');
      }],
      ['English: the ranking\'s labels change', async () => {
        const before = await seqOf(page);
        await page.getByRole('button', { name: 'Switch to English' }).click();
        await ready(page, 'round', { hashPart: ROUND, after: before });
        const cols = (await page.locator('#table-township thead th').allTextContents()).map((s) => s.trim());
        assert.ok(cols.includes('Rank') && cols.includes('P(last)') && cols.includes('Rank range'), 'expected English column headers, got ' + cols.join(', '));
        assert.ok((await page.locator('#ranking .badge-grade', { hasText: 'Excellent' }).count()) >= 6, 'expected the grade Excellent in English');
        assert.match(await text(page.locator('#provisional-banner')), /Provisional/, 'expected the banner in English');
        assert.match(await text(page.locator('#ranking .badge-review').first()), /Needs review/, 'expected Needs review in English');
        await shot(page, 'r03-ranking-en');
        const again = await seqOf(page);
        await page.getByRole('button', { name: '切换到中文' }).click();
        await ready(page, 'round', { hashPart: ROUND, after: again });
        await page.locator('#table-township th', { hasText: '综合得分' }).waitFor();
      }],
      ['a scorecard: components, groups, a group too small to show, indicators', async () => {
        await page.locator('#table-township').getByRole('link', { name: '人和乡' }).click();
        await ready(page, 'scorecard', { hashPart: 'T08' });
        await page.locator('h1', { hasText: '人和乡' }).waitFor();
        const comps = await page.locator('#sc-components tbody tr').allTextContents();
        assert.ok(comps.some((r) => /过程评价\s*30/.test(r)) && comps.some((r) => /民主评价\s*50/.test(r)), 'expected the components with their weights, got ' + comps.join(' / '));
        assert.equal(await page.locator('#sc-groups tbody tr').count(), 7, 'expected the seven groups');
        const retired = page.locator('#sc-groups tr[data-group="retired"]');
        assert.match(await text(retired), /样本不足，不予显示/, 'expected T08\'s small retired group hidden');
        assert.match(await text(retired), /不计入/, 'expected the small group not counted');
        assert.match(await text(page.locator('#sc-indicators td.hidden-cell')), /样本不足，不予显示/, 'expected the hidden group\'s indicator column hidden');
        assert.ok((await page.locator('#sc-indicators tbody tr').count()) >= 9, 'expected the townships\' nine indicators');
        assert.match(await text(page.locator('.unit-meta')), /取消评优/, 'expected T08 marked 取消评优 (it lost its excellence)');
        assert.match(await text(page.locator('#sc-adjustments')), /安全生产/, 'expected the adjustment\'s reason');
        await shot(page, 'r04-scorecard');
        await page.locator('.crumbs a', { hasText: '2026年度' }).click();
        await ready(page, 'round', { hashPart: ROUND });
      }],
      ['the office closes the round; proposals are generated', async () => {
        assert.equal(await page.locator('#proposals-generate').isDisabled(), true, 'expected 生成问责建议 disabled while the round is open');
        await move(page, '结束');
        assert.match(await text(page.locator('#round-msg')), /已结束/, 'expected a confirmation of the close');
        assert.equal(await text(page.locator('.page-head .badge-state')), '已结束', 'expected the state 已结束');
        assert.equal(await page.locator('#provisional-banner').count(), 0, 'expected no 暂定 banner on a closed round');
        await page.locator('#proposals-generate').click();
        await page.locator('#proposals-msg .alert-success').waitFor();
        const rows = page.locator('#proposals-table tbody tr');
        await rows.first().waitFor();
        assert.equal(await rows.count(), 6, 'expected one proposal per category');
        assert.ok((await page.locator('#proposals-table .badge-review').count()) >= 1, 'expected a proposal marked 需复核');
      }],
      ['a proposal confirmed with a measure, another dismissed with a reason', async () => {
        const first = page.locator('#proposals-table tbody tr[data-status="proposed"]').first();
        const id = await first.getAttribute('data-id');
        await first.getByRole('button', { name: '确认问责' }).click();
        await page.locator(`#confirm-${id}`).waitFor();
        await page.locator(`#measure-${id}`).selectOption('admonishment_talk');
        await page.locator(`#note-${id}`).fill('年度考核末位，约谈主要负责人');
        await page.locator(`#confirm-${id}`).getByRole('button', { name: '确认问责' }).click();
        await page.locator(`#proposals-table tr[data-id="${id}"][data-status="confirmed"]`).waitFor();
        assert.match(await text(page.locator(`#proposals-table tr[data-id="${id}"]`)), /诫勉谈话/, 'expected the measure shown');
        const review = page.locator('#proposals-table tbody tr[data-status="proposed"]', { has: page.locator('.badge-review') }).first();
        const rid = await review.getAttribute('data-id');
        await review.getByRole('button', { name: '驳回' }).click();
        const panel = page.locator(`#dismiss-${rid}`);
        await panel.getByRole('button', { name: '驳回' }).click();
        await panel.locator('.alert-error').waitFor();
        await panel.locator('textarea').fill('末位概率仅 0.75，与倒数第二名差距在误差范围内');
        await panel.getByRole('button', { name: '驳回' }).click();
        await page.locator(`#proposals-table tr[data-id="${rid}"][data-status="dismissed"]`).waitFor();
        await shot(page, 'r05-proposals');
      }],
      ['the office publishes the round', async () => {
        await move(page, '公布');
        assert.equal(await text(page.locator('.page-head .badge-state')), '已公布', 'expected the state 已公布');
        noProblems(page);
      }],
    ]);
    return done ? { context, page } : (await context.close(), null);
  } catch (e) {
    await context.close();
    throw e;
  }
}

async function leaderScenario(base) {
  const { context, page } = await newPage(base);
  try {
    await scenario('leader', [
      ['the T01 leader sees the published ranking, its own unit marked', async () => {
        await login(page, base, 'leader');
        assert.ok((await navLabels(page)).includes('评价'), 'expected 评价 in the leader\'s nav');
        await page.goto(base + '#/rounds/' + ROUND);
        await ready(page, 'round', { hashPart: ROUND });
        const own = page.locator('#ranking tr.is-own');
        assert.equal(await own.count(), 1, 'expected the leader\'s own unit marked once');
        assert.equal(await own.getAttribute('data-unit'), 'T01');
        assert.equal(await page.locator('#round-actions button').count(), 0, 'expected no lifecycle buttons for a unit leader');
        assert.equal(await page.locator('#proposals').count(), 0, 'expected no proposals for a unit leader');
        assert.equal(await page.locator('#table-township a').count(), 1, 'expected a scorecard link for its own unit only');
      }],
      ['its own scorecard opens; another unit\'s is refused', async () => {
        await page.locator('#table-township a').click();
        await ready(page, 'scorecard', { hashPart: 'T01' });
        await page.locator('#sc-groups').waitFor();
        assert.equal(await page.locator('#sc-adjustments').count(), 0, 'expected no adjustments card for a unit leader');
        const before = await seqOf(page);
        await page.goto(base + '#/rounds/' + ROUND + '/units/T02');
        await ready(page, 'scorecard', { hashPart: 'T02', after: before });
        assert.equal(await page.locator('#scorecard .alert-error').getAttribute('data-status'), '403', 'expected another unit\'s scorecard refused (403)');
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
      ['the inspector sees the ranking and the proposals, without buttons', async () => {
        await login(page, base, 'inspector');
        await page.goto(base + '#/rounds/' + ROUND);
        await ready(page, 'round', { hashPart: ROUND });
        assert.equal(await page.locator('#round-actions button').count(), 0, 'expected no lifecycle buttons for the inspector');
        await page.locator('#proposals-table').waitFor();
        assert.equal(await page.locator('#proposals button').count(), 0, 'expected no proposal buttons for the inspector');
        noProblems(page);
      }],
      ['a list whose data arrives after the user went elsewhere does not take the address back', async () => {
        // the units list is held back while the address moves on to the round, as when a
        // link is followed and its hashchange is not yet handled; then the list arrives
        let release;
        const gate = new Promise((r) => (release = r));
        await page.route('**/api/v1/units*', async (r) => {
          await gate;
          await r.continue();
        });
        const before = await seqOf(page);
        await page.evaluate(() => {
          location.hash = '#/units';
        });
        await page.waitForFunction((b) => {
          const m = document.getElementById('main');
          return +m.dataset.seq > b && m.dataset.page === 'units';
        }, before);
        await page.evaluate((code) => history.replaceState(null, '', '#/rounds/' + code), ROUND);
        const arrived = page.waitForResponse('**/api/v1/units*');
        release();
        await arrived;
        await page.evaluate(() => new Promise((r) => setTimeout(r, 300))); // its drawing, if any
        await page.unroute('**/api/v1/units*');
        assert.equal(await page.evaluate(() => location.hash), '#/rounds/' + ROUND, 'expected the address left where the user went');
        const seq = await seqOf(page);
        await page.evaluate(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
        await ready(page, 'round', { hashPart: ROUND, after: seq });
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function reopenScenario(page) {
  await scenario('office again', [
    ['reopening needs a reason', async () => {
      await page.reload();
      await ready(page, 'round', { hashPart: ROUND });
      await page.locator('#round-actions').getByRole('button', { name: '重新开启', exact: true }).click();
      const panel = page.locator('.action-panel');
      await panel.getByRole('button', { name: '重新开启', exact: true }).click();
      assert.match(await text(panel.locator('.alert-error')), /理由/, 'expected a reopen without a reason refused');
      await panel.getByRole('button', { name: '取消' }).click();
      await move(page, '重新开启', '补录两个乡镇的季度过程评价');
      assert.equal(await text(page.locator('.page-head .badge-state')), '进行中', 'expected the round open again');
      await page.locator('#provisional-banner').waitFor();
      noProblems(page);
    }],
  ]);
}

async function phoneScenario(base) {
  const { context, page } = await newPage(base, { width: 390, height: 844 });
  try {
    await scenario('phone', [
      ['the ranking fits a phone (its tables scroll inside)', async () => {
        await login(page, base, 'office');
        await page.goto(base + '#/rounds/' + ROUND);
        await ready(page, 'round', { hashPart: ROUND });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `expected no horizontal page scrolling at 390 px, the page is ${overflow} px too wide`);
        await shot(page, 'r06-phone-ranking', { fullPage: false });
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function main() {
  workdir('zf-ui-results-');
  let base;
  const started = await step('setup: demo district with its round, and the server', async () => {
    const demo = runDemo();
    if (!/round 2026 \(open\): \d+ ballots/.test(demo)) throw new Error('the demo made no open round 2026:\n' + demo);
    base = await startServer();
    log('server at', base);
    await launch();
  });
  if (!started) return;
  const office = await officeScenario(base);
  if (office) {
    await leaderScenario(base);
    await inspectorScenario(base);
    await reopenScenario(office.page);
    await office.context.close();
  }
  await phoneScenario(base);
}

await runTest(main);
