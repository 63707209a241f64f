// ballot.test.mjs: the browser test of the ballot page (/b/).
//
//   node tests/ui/ballot.test.mjs <path-to-zuofeng-binary> <source-dir>
//
// Sets up a round with the command line (init, import units, round create + open, tokens
// issue), serves it on an ephemeral loopback port, and drives Debian's Chromium (headless,
// through playwright-core) the way a voter would on a phone: opens the QR link
// /b/?t=TOKEN&r=ROUND (the token leaves the address bar at once), rates by label and by score,
// abstains, asks for a receipt, submits, sees the confirmation and the receipt and checks it;
// then that the same token is refused on a second submission and on a second visit, that an
// unknown token and a closed round get their Chinese messages, and that the English switch
// works. Prints `N passed, M failed` last and exits non-zero on any failure.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { harness } from './lib.mjs';

// Phone-sized contexts that accept every dialog.
const { log, workdir, run, sql, startServer, launch, newPage, noProblems, shot, text, step, scenario, runTest } = harness({
  name: 'ballot.test.mjs',
  totalTimeoutMs: 120_000,
  stepTimeoutMs: 15_000,
  viewport: { width: 390, height: 844 },
  contextOptions: { isMobile: true, hasTouch: true },
  onPage: (page) => page.on('dialog', (d) => d.accept()),
  quiet: true,
});

let tmp = null;

// ---- the data, through the command line ----

function issue(round, group, units, n) {
  return run(['tokens', 'issue', '--round', round, '--group', group, '--units', units, '--count', String(n)]).trim().split('\n');
}

function setupData() {
  fs.writeFileSync(path.join(tmp, 'units.csv'), 'code,name,category,parent\nT01,东城镇,township,\nT02,西城镇,township,\nD01,区财政局,dept,\n');
  const round = (code, name) => ({
    code,
    name,
    indicators: {
      township: [
        { code: 'sixiang', name: '思想作风', weight: 10 },
        { code: 'xuexi', name: '学习作风', weight: 10 },
        { code: 'gongzuo', name: '工作作风', weight: 10 },
      ],
      dept: [
        { code: 'sixiang', name: '思想作风', weight: 10 },
        { code: 'fuwu', name: '服务态度', weight: 10 },
      ],
    },
  });
  fs.writeFileSync(path.join(tmp, 'r1.json'), JSON.stringify(round('2026', '2026年度干部作风民主评议')));
  fs.writeFileSync(path.join(tmp, 'r2.json'), JSON.stringify(round('OLD', '已结束的评议')));
  run(['init']);
  run(['import', 'units', path.join(tmp, 'units.csv')]);
  run(['round', 'create', path.join(tmp, 'r1.json')]);
  run(['round', 'open', '2026']);
  run(['round', 'create', path.join(tmp, 'r2.json')]);
  run(['round', 'open', 'OLD']);
  const tokens = {
    main: issue('2026', 'public', 'T01,D01', 1)[0],
    twice: issue('2026', 'cadre', 'T02', 1)[0],
    scores: issue('2026', 'deputy', 'D01', 1)[0],
    english: issue('2026', 'retired', 'T01', 1)[0],
    old: issue('OLD', 'public', 'T01', 1)[0],
  };
  run(['round', 'close', 'OLD']);
  return tokens;
}

// ---- the browser ----

// Chooses a label for an indicator of a unit.
async function choose(page, unit, indicator, label) {
  await page.locator(`fieldset.unit[data-unit="${unit}"] .ind[data-indicator="${indicator}"]`).getByText(label, { exact: true }).click();
}

async function ready(page) {
  await page.locator('body[data-ready="1"]').waitFor();
}

// ---- the checks ----

async function voterScenario(base, tok) {
  const { context, page } = await newPage(base);
  let receipt = '';
  try {
    await scenario('QR link', [
      ['the link opens the ballot and leaves the address bar', async () => {
        await page.goto(`${base}/b/?t=${encodeURIComponent(tok.main)}&r=2026`);
        await ready(page);
        await page.locator('#step-ballot:not([hidden])').waitFor();
        assert.doesNotMatch(page.url(), /[?&]t=/, 'expected the token removed from the address bar, got ' + page.url());
        assert.equal(new URL(page.url()).pathname, '/b/', 'expected to stay on /b/');
        assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'expected Chinese first');
        assert.equal(await text(page.locator('#round-name')), '2026年度干部作风民主评议', 'expected the round name');
        assert.match(await text(page.locator('#group-line')), /普通群众/, 'expected the group name 普通群众');
        const units = await page.locator('fieldset.unit legend .unit-name').allTextContents();
        assert.deepEqual(units, ['区财政局', '东城镇'], 'expected the two units the token covers');
        const inds = await page.locator('fieldset.unit[data-unit="T01"] .ind-name').allTextContents();
        assert.deepEqual(inds, ['思想作风', '学习作风', '工作作风'], 'expected the township indicators');
        const labels = await page.locator('fieldset.unit[data-unit="T01"] .ind[data-indicator="sixiang"] .choice span').allTextContents();
        assert.deepEqual(labels, ['满意', '比较满意', '基本满意', '不满意', '弃权'], 'expected the labels and 弃权 as choices');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `expected no horizontal scrolling at 390 px, the page is ${overflow} px too wide`);
        await shot(page, 'b01-ballot');
      }],
      ['rates, abstains, asks for a receipt and submits', async () => {
        await choose(page, 'T01', 'sixiang', '满意');
        await choose(page, 'T01', 'xuexi', '比较满意');
        // gongzuo stays on 弃权 (abstains)
        await choose(page, 'D01', 'fuwu', '不满意');
        await page.getByLabel(/我需要回执码/).check();
        await page.getByRole('button', { name: '提交评议' }).click();
        await page.locator('#step-done:not([hidden])').waitFor();
        assert.match(await text(page.locator('#done-text')), /已记录对 2 个单位的评价/, 'expected the confirmation for 2 units');
        receipt = await text(page.locator('#receipt-code'));
        assert.match(receipt, /^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/, 'expected a receipt code XXXX-XXXX-XXXX-XXXX-XXXX, got ' + receipt);
        await shot(page, 'b02-done');
      }],
      ['the ballots are stored as rated, with abstentions', async () => {
        // township: sixiang 100, xuexi 80, gongzuo abstained; dept: sixiang abstained, fuwu 0
        assert.equal(sql("SELECT hex(ratings) FROM ballots b JOIN units u ON u.id = b.unit_id WHERE u.code = 'T01' AND b.grp = 5"), '6450FF');
        assert.equal(sql("SELECT hex(ratings) FROM ballots b JOIN units u ON u.id = b.unit_id WHERE u.code = 'D01' AND b.grp = 5"), 'FF00');
      }],
      ['the receipt checks as counted', async () => {
        assert.equal(await page.locator('#verify-code').inputValue(), receipt, 'expected the receipt prefilled in the check');
        await page.getByRole('button', { name: '查验' }).click();
        await page.locator('#verify-msg .alert').waitFor();
        assert.match(await text(page.locator('#verify-msg')), /已计入/, 'expected 已计入');
        await page.locator('#verify-code').fill('AAAA-BBBB-CCCC-DDDD-EEEE');
        await page.getByRole('button', { name: '查验' }).click();
        await page.locator('#verify-msg', { hasText: '未找到' }).waitFor();
        noProblems(page);
      }],
      ['a second visit with the spent token is refused', async () => {
        await page.goto(`${base}/b/?t=${encodeURIComponent(tok.main)}&r=2026`);
        await ready(page);
        await page.locator('#token-msg [role=alert], #token-msg .alert-error').first().waitFor();
        assert.match(await text(page.locator('#token-msg')), /该评议码已经使用过/, 'expected 该评议码已经使用过');
        assert.ok(await page.locator('#step-ballot').isHidden(), 'expected no ballot for a spent token');
        await shot(page, 'b03-spent');
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function twiceScenario(base, tok) {
  const { context, page } = await newPage(base);
  const second = await context.newPage();
  second.problems = [];
  try {
    await scenario('same token twice', [
      ['two pages open the same token; the first submits', async () => {
        for (const p of [page, second]) {
          await p.goto(`${base}/b/`);
          await ready(p);
          await p.getByLabel('评议码', { exact: true }).fill(tok.twice.toLowerCase().replace(/-/g, ' '));
          await p.getByRole('button', { name: '开始评议' }).click();
          await p.locator('#step-ballot:not([hidden])').waitFor();
        }
        await choose(page, 'T02', 'sixiang', '基本满意');
        await page.getByRole('button', { name: '提交评议' }).click();
        await page.locator('#step-done:not([hidden])').waitFor();
        assert.ok(await page.locator('#receipt-box').isHidden(), 'expected no receipt when none was asked for');
      }],
      ['the second submission gets the spent-token error and writes nothing', async () => {
        const before = sql('SELECT count(*) FROM ballots');
        await choose(second, 'T02', 'sixiang', '满意');
        await second.getByRole('button', { name: '提交评议' }).click();
        await second.locator('#ballot-msg .alert-error').waitFor();
        assert.match(await text(second.locator('#ballot-msg')), /该评议码已经使用过/, 'expected 该评议码已经使用过');
        assert.equal(sql('SELECT count(*) FROM ballots'), before, 'expected nothing written');
        await shot(second, 'b04-second-submit');
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function scoresScenario(base, tok) {
  const { context, page } = await newPage(base);
  try {
    await scenario('scores', [
      ['rating by score refuses 150 and takes 85', async () => {
        await page.goto(`${base}/b/?t=${encodeURIComponent(tok.scores)}`);
        await ready(page);
        await page.locator('#step-ballot:not([hidden])').waitFor();
        await page.getByLabel(/按分数/).check();
        const input = page.locator('fieldset.unit[data-unit="D01"] .ind[data-indicator="fuwu"] input[type=number]');
        await input.fill('150');
        await page.getByRole('button', { name: '提交评议' }).click();
        await page.locator('#ballot-msg .alert-error').waitFor();
        assert.match(await text(page.locator('#ballot-msg')), /0 到 100/, 'expected the range named');
        await input.fill('85');
        await page.getByRole('button', { name: '提交评议' }).click();
        await page.locator('#step-done:not([hidden])').waitFor();
        assert.equal(sql("SELECT hex(ratings) FROM ballots WHERE grp = 1"), 'FF55');
        noProblems(page);
      }],
      ['nothing rated is not submitted', async () => {
        await page.goto(`${base}/b/`);
        await ready(page);
        const [t] = issue('2026', 'foreign', 'T01', 1);
        await page.getByLabel('评议码', { exact: true }).fill(t);
        await page.getByRole('button', { name: '开始评议' }).click();
        await page.locator('#step-ballot:not([hidden])').waitFor();
        await page.getByRole('button', { name: '提交评议' }).click();
        await page.locator('#ballot-msg .alert-error').waitFor();
        assert.match(await text(page.locator('#ballot-msg')), /请至少对一个单位作出评价/, 'expected 请至少对一个单位作出评价');
        assert.equal(sql("SELECT used FROM tokens WHERE grp = 4"), '0', 'expected the token unspent');
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function errorsScenario(base, tok) {
  const { context, page } = await newPage(base);
  try {
    await scenario('errors', [
      ['an unknown token gets 评议码无效', async () => {
        await page.goto(`${base}/b/`);
        await ready(page);
        await page.getByLabel('评议码', { exact: true }).fill('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG');
        await page.getByRole('button', { name: '开始评议' }).click();
        await page.locator('#token-msg .alert-error').waitFor();
        assert.match(await text(page.locator('#token-msg')), /评议码无效/, 'expected 评议码无效');
      }],
      ['a closed round gets 本轮评议已经结束', async () => {
        await page.goto(`${base}/b/?t=${encodeURIComponent(tok.old)}&r=OLD`);
        await ready(page);
        await page.locator('#token-msg .alert-error').waitFor();
        assert.match(await text(page.locator('#token-msg')), /本轮评议已经结束/, 'expected 本轮评议已经结束');
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function englishScenario(base, tok) {
  const { context, page } = await newPage(base);
  try {
    await scenario('English', [
      ['the switch translates the page and the labels', async () => {
        await page.goto(`${base}/b/?t=${encodeURIComponent(tok.english)}&r=2026`);
        await ready(page);
        await page.locator('#step-ballot:not([hidden])').waitFor();
        await choose(page, 'T01', 'sixiang', '比较满意');
        await page.getByRole('button', { name: 'Switch to English' }).click();
        assert.equal(await page.getAttribute('html', 'lang'), 'en');
        await page.getByRole('button', { name: 'Submit' }).waitFor();
        const labels = await page.locator('fieldset.unit[data-unit="T01"] .ind[data-indicator="sixiang"] .choice span').allTextContents();
        assert.deepEqual(labels, ['Satisfied', 'Fairly satisfied', 'Basically satisfied', 'Dissatisfied', 'Abstain']);
        assert.ok(await page.locator('fieldset.unit[data-unit="T01"] .ind[data-indicator="sixiang"] input[value="比较满意"]').isChecked(), 'expected the choice kept across the switch');
        await shot(page, 'b05-english');
        await page.getByRole('button', { name: 'Submit' }).click();
        await page.locator('#step-done:not([hidden])').waitFor();
        assert.match(await text(page.locator('#done-title')), /Ballot submitted/);
        await page.getByRole('button', { name: '切换到中文' }).click();
        assert.equal(await text(page.locator('#done-title')), '评议已提交');
        noProblems(page);
      }],
    ]);
  } finally {
    await context.close();
  }
}

async function main() {
  ({ tmp } = workdir('zf-ui-ballot-'));
  let base;
  let tok;
  const ok = await step('setup: a round, tokens and the server', async () => {
    tok = setupData();
    base = (await startServer()).replace(/\/$/, '');
    log('server at', base);
    await launch();
  });
  if (!ok) return;
  await voterScenario(base, tok);
  await twiceScenario(base, tok);
  await scoresScenario(base, tok);
  await errorsScenario(base, tok);
  await englishScenario(base, tok);
}

await runTest(main);
