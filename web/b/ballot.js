// ballot.js: the ballot page (/b/). A token holder opens it from the QR code of a letter
// (/b/?t=TOKEN&r=ROUND, removed from the address bar at once) or types the token, sees the
// units the token covers with the indicators of each, rates them by label or by score (or
// abstains), submits once and sees the confirmation and, if wanted, a receipt code. Chinese
// first, with an English switch. No cookies; the token lives only in this page's memory.
'use strict';

(function () {
  const T = {
    zh: {
      title: '干部作风民主评议',
      enter_title: '请输入评议码',
      enter_help: '评议码印在您收到的评议函上，也可用手机扫描评议函上的二维码直接打开本页。评议完全匿名：系统不记录您是谁，也不记录评议的具体时间。',
      token_label: '评议码',
      round_label: '评议轮次（可不填）',
      start: '开始评议',
      loading: '正在读取评议表…',
      ballot_help: '请对下列单位逐项评价。未作选择的指标视为弃权；对某个单位全部弃权时，该单位不计入本次评议。',
      mode_legend: '评价方式',
      mode_labels: '按等次（满意、比较满意……）',
      mode_scores: '按分数（0–100）',
      abstain: '弃权',
      score_of: '分数（0–100，留空为弃权）',
      group: '评议人类别：',
      rater: '评价单位：',
      want_receipt: '我需要回执码（可用来查验本人的评议已被计入，不会透露评议内容或您的身份）',
      submit: '提交评议',
      submitting: '正在提交…',
      confirm_partial: '还有 {n} 个单位未作任何评价，将不计入本次评议。确定提交吗？评议码只能使用一次。',
      done_title: '评议已提交',
      done_text: '感谢您的参与！已记录对 {n} 个单位的评价。评议码已作废，不能再次使用。',
      receipt_intro: '您的回执码（请抄下或截图保存）：',
      receipt_help: '回执码只证明您的评议已被计入，不会透露评议内容和您的身份。可在下方随时查验。',
      verify_title: '查验回执码',
      verify_round: '评议轮次',
      verify_code: '回执码',
      verify: '查验',
      counted: '已计入：该回执码对应的评议已被统计。',
      not_counted: '未找到该回执码。请核对轮次和回执码是否抄写正确。',
      footer: '本页不使用 Cookie，不记录评议人身份。',
      e_token_required: '请输入评议码。',
      e_unknown: '评议码无效，请核对后重新输入（注意区分字母与数字）。',
      e_spent: '该评议码已经使用过，每个评议码只能提交一次。',
      e_closed: '本轮评议已经结束，不再接受评议。',
      e_draft: '本轮评议尚未开始，请在开放后再来。',
      e_no_round: '没有这个评议轮次，请核对轮次编号。',
      e_throttled: '尝试次数过多，请 15 分钟后再试。',
      e_nothing: '请至少对一个单位作出评价。',
      e_score: '分数须为 0 到 100 之间的整数：',
      e_network: '无法连接服务器，请检查网络后重试。',
      e_other: '提交未成功：',
      lang_button: 'English',
      lang_label: 'Switch to English',
    },
    en: {
      title: 'Democratic evaluation of work style',
      enter_title: 'Enter your evaluation code',
      enter_help: 'The code is printed on the letter you received; scanning the letter\'s QR code with a phone opens this page directly. The evaluation is anonymous: nobody records who you are or when exactly you voted.',
      token_label: 'Evaluation code',
      round_label: 'Round (optional)',
      start: 'Start',
      loading: 'Loading the ballot…',
      ballot_help: 'Rate each unit below, indicator by indicator. An indicator left unrated is an abstention; a unit left entirely unrated is not part of your ballot.',
      mode_legend: 'How to rate',
      mode_labels: 'By level (satisfied, fairly satisfied, …)',
      mode_scores: 'By score (0–100)',
      abstain: 'Abstain',
      score_of: 'Score (0–100, empty to abstain)',
      group: 'You vote as: ',
      rater: 'Rating unit: ',
      want_receipt: 'I want a receipt code (it proves my ballot was counted without revealing its content or my identity)',
      submit: 'Submit',
      submitting: 'Submitting…',
      confirm_partial: '{n} unit(s) have no rating at all and will be left out. Submit anyway? The code can be used only once.',
      done_title: 'Ballot submitted',
      done_text: 'Thank you! Your ratings of {n} unit(s) are recorded. The code is now spent and cannot be used again.',
      receipt_intro: 'Your receipt code (write it down or take a screenshot):',
      receipt_help: 'The receipt only proves that your ballot was counted; it reveals neither its content nor you. Check it below at any time.',
      verify_title: 'Check a receipt',
      verify_round: 'Round',
      verify_code: 'Receipt code',
      verify: 'Check',
      counted: 'Counted: the ballot of this receipt is in the count.',
      not_counted: 'Receipt not found. Check the round and the code.',
      footer: 'This page uses no cookies and records nothing about who votes.',
      e_token_required: 'Please enter your evaluation code.',
      e_unknown: 'Unknown code: please check it and type it again.',
      e_spent: 'This code has already been used: each code votes once.',
      e_closed: 'This round is over: it takes no more ballots.',
      e_draft: 'This round has not started yet.',
      e_no_round: 'There is no such round: please check its code.',
      e_throttled: 'Too many attempts: please try again in 15 minutes.',
      e_nothing: 'Please rate at least one unit.',
      e_score: 'A score must be a whole number from 0 to 100: ',
      e_network: 'The server cannot be reached: check the connection and try again.',
      e_other: 'Not submitted: ',
      lang_button: '中文',
      lang_label: '切换到中文',
    },
  };
  const LABELS_EN = { 满意: 'Satisfied', 比较满意: 'Fairly satisfied', 基本满意: 'Basically satisfied', 不满意: 'Dissatisfied' };

  let lang = localStorage.getItem('zf-ballot-lang') === 'en' ? 'en' : 'zh';
  let token = '';
  let form = null; // the ballot form from the server
  let busy = false;

  const $ = (id) => document.getElementById(id);
  // the server's words for an error it has no key here for: in Chinese unless the page is not
  const errMsg = (e) => (lang === 'zh' && e.message_zh) || e.message;
  const t = (key, vars) => {
    let s = (T[lang] && T[lang][key]) || T.zh[key] || key;
    for (const k in vars || {}) s = s.replace('{' + k + '}', vars[k]);
    return s;
  };
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else if (attrs[k] === true) e.setAttribute(k, '');
      else if (attrs[k] !== false && attrs[k] != null) e.setAttribute(k, attrs[k]);
    }
    for (const kid of kids) if (kid) e.append(kid);
    return e;
  };

  function applyLang() {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = t('title');
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    const b = $('lang');
    b.textContent = t('lang_button');
    b.setAttribute('aria-label', t('lang_label'));
    b.lang = lang === 'en' ? 'zh-CN' : 'en';
    if (form) renderBallot();
  }

  function say(box, key, kind, extra) {
    const m = $(box);
    m.replaceChildren();
    if (!key) return;
    m.append(el('p', { class: 'alert alert-' + (kind || 'error'), text: t(key) + (extra || '') }));
  }

  // The message key for an API error.
  function errorKey(status, body) {
    const e = (body && body.error) || {};
    if (status === 429) return 'e_throttled';
    if (e.field === 'token' && status === 404) return 'e_unknown';
    if (e.field === 'token' && status === 409) return 'e_spent';
    if (e.field === 'round' && status === 404) return 'e_no_round';
    if (e.field === 'round' && status === 409) return /draft/.test(e.message || '') ? 'e_draft' : 'e_closed';
    return null;
  }

  async function api(method, url, body) {
    const opts = { method, headers: {}, credentials: 'omit', cache: 'no-store' };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    const r = await fetch(url, opts);
    let data = null;
    try {
      data = await r.json();
    } catch (e) {
      data = null;
    }
    return { status: r.status, body: data };
  }

  // ---- step 1: the token ----

  async function loadForm() {
    token = $('token').value.trim();
    const round = $('round').value.trim();
    if (!token) return say('token-msg', 'e_token_required');
    say('token-msg', 'loading', 'info');
    $('token-submit').disabled = true;
    try {
      const q = new URLSearchParams({ token });
      if (round) q.set('round', round);
      const r = await api('GET', '/api/v1/public/ballot?' + q.toString());
      if (r.status !== 200) {
        const key = errorKey(r.status, r.body);
        return say('token-msg', key || 'e_other', 'error', key ? '' : (r.body && r.body.error && errMsg(r.body.error)) || String(r.status));
      }
      form = r.body;
      say('token-msg', null);
      $('round').value = form.round.code;
      $('verify-round').value = form.round.code;
      renderBallot();
      $('step-token').hidden = true;
      $('step-ballot').hidden = false;
      $('round-name').focus();
    } catch (e) {
      say('token-msg', 'e_network');
    } finally {
      $('token-submit').disabled = false;
    }
  }

  // ---- step 2: the ballot ----

  function scoreMode() {
    return document.querySelector('input[name="mode"]:checked').value === 'scores';
  }

  // Keeps what was entered across a re-render (a language switch).
  function currentValues() {
    const v = {};
    for (const i of document.querySelectorAll('#units input[type="radio"]:checked')) v[i.name] = i.value;
    for (const i of document.querySelectorAll('#units input[type="number"]')) v[i.name] = i.value;
    return v;
  }

  function renderBallot() {
    const keep = currentValues();
    const rn = $('round-name');
    rn.textContent = form.round.name;
    rn.setAttribute('tabindex', '-1');
    $('group-line').textContent = t('group') + form.group.name + (form.rater ? '　' + t('rater') + form.rater.name : '');
    const scores = scoreMode();
    const box = $('units');
    box.replaceChildren();
    form.units.forEach((u, ui) => {
      const fs = el('fieldset', { class: 'unit', 'data-unit': u.code });
      fs.append(el('legend', {}, el('span', { class: 'unit-name', text: u.name }), el('span', { class: 'unit-code', text: ' ' + u.code })));
      (form.indicators[u.category] || []).forEach((ind, ii) => {
        const id = `u${ui}-i${ii}`;
        const row = el('div', { class: 'ind', 'data-indicator': ind.code });
        if (scores) {
          const name = 's-' + id;
          row.append(el('label', { for: id, class: 'ind-name', text: ind.name }));
          const inp = el('input', { id, name, type: 'number', min: '0', max: '100', step: '1', inputmode: 'numeric', placeholder: t('abstain'), 'aria-describedby': 'score-help' });
          inp.value = keep[name] || '';
          row.append(inp);
        } else {
          const name = 'r-' + id;
          const group = el('div', { class: 'choices', role: 'radiogroup', 'aria-labelledby': id + '-name' });
          row.append(el('span', { id: id + '-name', class: 'ind-name', text: ind.name }));
          const options = form.labels.map((l) => ({ value: String(l.value), text: lang === 'en' ? LABELS_EN[l.text] || l.text : l.text, label: l.text }));
          options.push({ value: '', text: t('abstain'), label: '' });
          for (const o of options) {
            const checked = (keep[name] !== undefined ? keep[name] : '') === o.label;
            const inp = el('input', { type: 'radio', name, value: o.label, checked });
            group.append(el('label', { class: 'choice' + (o.value === '' ? ' abstain' : '') }, inp, el('span', { text: o.text })));
          }
          row.append(group);
        }
        fs.append(row);
      });
      box.append(fs);
    });
    if (scores) box.append(el('p', { id: 'score-help', class: 'hint', text: t('score_of') }));
  }

  function collect() {
    const ballots = [];
    let skipped = 0;
    const scores = scoreMode();
    for (const [ui, u] of form.units.entries()) {
      const ratings = {};
      for (const [ii, ind] of (form.indicators[u.category] || []).entries()) {
        const id = `u${ui}-i${ii}`;
        if (scores) {
          const v = document.getElementById(id).value.trim();
          if (v === '') continue;
          if (!/^\d{1,3}$/.test(v) || Number(v) > 100) throw { key: 'e_score', extra: u.name + ' · ' + ind.name, focus: id };
          ratings[ind.code] = Number(v);
        } else {
          const c = document.querySelector(`input[name="r-${id}"]:checked`);
          if (c && c.value) ratings[ind.code] = c.value;
        }
      }
      if (Object.keys(ratings).length) ballots.push({ unit: u.code, ratings });
      else skipped++;
    }
    return { ballots, skipped };
  }

  async function submit() {
    if (busy) return;
    let c;
    try {
      c = collect();
    } catch (e) {
      say('ballot-msg', e.key, 'error', e.extra);
      if (e.focus) document.getElementById(e.focus).focus();
      return;
    }
    if (!c.ballots.length) return say('ballot-msg', 'e_nothing');
    if (c.skipped && !window.confirm(t('confirm_partial', { n: c.skipped }))) return;
    busy = true;
    const btn = $('ballot-submit');
    btn.disabled = true;
    btn.textContent = t('submitting');
    say('ballot-msg', null);
    try {
      const r = await api('POST', '/api/v1/ballots', { round: form.round.code, token, ballots: c.ballots, receipt: $('want-receipt').checked });
      if (r.status === 201) return done(r.body);
      const key = errorKey(r.status, r.body);
      say('ballot-msg', key || 'e_other', 'error', key ? '' : (r.body && r.body.error && (r.body.error.field ? r.body.error.field + ': ' : '') + errMsg(r.body.error)) || String(r.status));
    } catch (e) {
      say('ballot-msg', 'e_network');
    } finally {
      busy = false;
      btn.disabled = false;
      btn.textContent = t('submit');
    }
  }

  function done(body) {
    token = '';
    $('token').value = '';
    form = null;
    $('step-ballot').hidden = true;
    $('units').replaceChildren();
    $('step-done').hidden = false;
    $('done-text').textContent = t('done_text', { n: body.accepted });
    if (body.receipt) {
      $('receipt-code').textContent = body.receipt;
      $('receipt-box').hidden = false;
      $('verify-code').value = body.receipt;
    }
    $('done-title').setAttribute('tabindex', '-1');
    $('done-title').focus();
  }

  // ---- receipts ----

  async function verify() {
    const round = $('verify-round').value.trim();
    const code = $('verify-code').value.trim();
    if (!round || !code) return;
    try {
      const r = await api('GET', '/api/v1/public/receipts/' + encodeURIComponent(round) + '?receipt=' + encodeURIComponent(code));
      if (r.status === 200) return say('verify-msg', r.body.counted ? 'counted' : 'not_counted', r.body.counted ? 'success' : 'warn');
      const key = errorKey(r.status, r.body);
      say('verify-msg', key || 'e_other', 'error', key ? '' : (r.body && r.body.error && errMsg(r.body.error)) || '');
    } catch (e) {
      say('verify-msg', 'e_network');
    }
  }

  // ---- start ----

  function start() {
    const q = new URLSearchParams(location.search);
    const qt = q.get('t');
    const qr = q.get('r');
    if (qt || qr) {
      // a token must not stay in the address bar, the history or a bookmark
      history.replaceState(null, '', location.pathname + location.hash);
      if (qr) {
        $('round').value = qr;
        $('verify-round').value = qr;
      }
      if (qt) $('token').value = qt;
    }
    $('lang').addEventListener('click', () => {
      lang = lang === 'en' ? 'zh' : 'en';
      localStorage.setItem('zf-ballot-lang', lang);
      applyLang();
    });
    $('token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      loadForm();
    });
    $('ballot-form').addEventListener('submit', (e) => {
      e.preventDefault();
      submit();
    });
    $('verify-form').addEventListener('submit', (e) => {
      e.preventDefault();
      verify();
    });
    for (const r of document.querySelectorAll('input[name="mode"]')) r.addEventListener('change', () => form && renderBallot());
    applyLang();
    if (qt) loadForm();
    else $('token').focus();
    document.body.dataset.ready = '1';
  }

  start();
})();
