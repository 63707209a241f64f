// complaint.js: the public complaint page (/c/): a citizen files a complaint about a unit's
// work style, named or anonymous, gets a case number and a query code, and later looks the
// case up by that code (state, dates, the published reply). No account, no cookies.
'use strict';

(function () {
  const T = {
    zh: {
      title: '作风问题投诉举报',
      file_title: '反映干部作风问题',
      file_help: '您反映的问题由区作风办受理并交有关单位办理。留下姓名和电话的，您的身份经加密保存，只有纪检监察人员可以查看，被反映单位看不到；也可以匿名反映。',
      unit: '被反映单位',
      category: '问题类别',
      subject: '标题',
      content: '具体情况（时间、地点、经过）',
      anonymous: '匿名反映（不留姓名和电话；无法电话回访）',
      name: '姓名',
      phone: '联系电话',
      id_no: '身份证号（可不填）',
      submit: '提交',
      submitting: '正在提交…',
      choose: '请选择',
      done_title: '已受理',
      case_no: '受理编号：',
      code_intro: '查询码（请抄下或截图保存，本站不会再次显示）：',
      lookup_title: '查询办理进度',
      code: '查询码',
      lookup: '查询',
      st_case: '受理编号',
      st_state: '办理状态',
      st_received: '受理日期',
      st_due: '办理期限',
      st_replied: '答复日期',
      st_closed: '办结日期',
      st_reply: '答复内容',
      none: '—',
      footer: '本页不使用 Cookie。',
      e_required: '请填写：',
      e_unknown_code: '没有找到该查询码，请核对后重新输入。',
      e_throttled: '尝试次数过多，请稍后再试。',
      e_network: '无法连接服务器，请检查网络后重试。',
      e_other: '提交未成功：',
      lang_button: 'English',
      lang_label: 'Switch to English',
    },
    en: {
      title: 'Report a work-style problem',
      file_title: 'Report a problem with cadres\' work style',
      file_help: 'The work-style office registers your report and passes it to the unit responsible. If you leave your name and phone they are stored encrypted and only discipline inspectors can see them, never the unit concerned; you may also report anonymously.',
      unit: 'Unit concerned',
      category: 'Kind of problem',
      subject: 'Subject',
      content: 'What happened (when, where, how)',
      anonymous: 'Report anonymously (no name or phone; no follow-up call)',
      name: 'Name',
      phone: 'Phone',
      id_no: 'ID number (optional)',
      submit: 'Submit',
      submitting: 'Submitting…',
      choose: 'Choose',
      done_title: 'Registered',
      case_no: 'Case number: ',
      code_intro: 'Query code (write it down; it is not shown again):',
      lookup_title: 'Follow your case',
      code: 'Query code',
      lookup: 'Look up',
      st_case: 'Case number',
      st_state: 'State',
      st_received: 'Received',
      st_due: 'Due',
      st_replied: 'Replied',
      st_closed: 'Closed',
      st_reply: 'Reply',
      none: '—',
      footer: 'This page uses no cookies.',
      e_required: 'Please fill in: ',
      e_unknown_code: 'No case has this query code; check it and try again.',
      e_throttled: 'Too many attempts; try again later.',
      e_network: 'Cannot reach the server; check the network and retry.',
      e_other: 'Not submitted: ',
      lang_button: '中文',
      lang_label: '切换到中文',
    },
  };
  const STATE_EN = {received: 'received', assigned: 'assigned to a unit', signed: 'accepted by the unit',
    handling: 'being handled', replied: 'replied', followed_up: 'followed up', closed: 'closed'};
  let lang = 'zh';
  let form = null;
  const $ = (id) => document.getElementById(id);
  const t = (k) => T[lang][k] || k;

  function applyLang() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.title = t('title');
    $('lang').textContent = t('lang_button');
    $('lang').setAttribute('aria-label', t('lang_label'));
    $('lang').lang = lang === 'zh' ? 'en' : 'zh-CN';
    fillSelects();
  }

  function option(value, text) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    return o;
  }

  function fillSelects() {
    if (!form) return;
    const unit = $('unit'), cat = $('category');
    const u = unit.value, c = cat.value;
    unit.replaceChildren(option('', t('choose')), ...form.units.map((x) => option(x.code, x.name)));
    cat.replaceChildren(...form.categories.map((x) => option(x.code, x.name)));
    unit.value = u;
    cat.value = c || 'other';
  }

  function say(id, text, kind) {
    const el = $(id);
    el.textContent = text;
    el.className = 'msg' + (text ? ' alert alert-' + kind : '');
  }

  async function call(method, path, body) {
    const opts = {method, headers: {}, credentials: 'omit', cache: 'no-store'};
    if (body) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    const r = await fetch(path, opts);
    let j = null;
    try { j = await r.json(); } catch (e) { j = null; }
    return {status: r.status, json: j};
  }

  async function loadForm() {
    try {
      const r = await call('GET', '/api/v1/public/complaint-form');
      if (r.status === 200) {
        form = r.json;
        fillSelects();
      }
    } catch (e) {
      say('file-msg', t('e_network'), 'error');
    }
  }

  async function submit(ev) {
    ev.preventDefault();
    const anonymous = $('anonymous').checked;
    const need = [['unit', 'unit'], ['subject', 'subject'], ['content', 'content']];
    if (!anonymous) need.push(['name', 'name'], ['phone', 'phone']);
    const missing = need.filter(([id]) => !$(id).value.trim()).map(([, k]) => t(k));
    if (missing.length) {
      say('file-msg', t('e_required') + missing.join('、'), 'error');
      return;
    }
    const body = {unit: $('unit').value, category: $('category').value,
      subject: $('subject').value.trim(), content: $('content').value.trim(), anonymous};
    if (!anonymous) {
      body.name = $('name').value.trim();
      body.phone = $('phone').value.trim();
      if ($('id_no').value.trim()) body.id_no = $('id_no').value.trim();
    }
    $('file-submit').disabled = true;
    say('file-msg', t('submitting'), 'info');
    try {
      const r = await call('POST', '/api/v1/public/complaints', body);
      if (r.status === 201) {
        say('file-msg', '', '');
        $('file').hidden = true;
        $('done').hidden = false;
        $('case-no').textContent = r.json.case_no;
        $('query-code').textContent = r.json.query_code;
        $('done').scrollIntoView();
      } else if (r.status === 429) {
        say('file-msg', t('e_throttled'), 'error');
      } else {
        const e = (r.json && r.json.error) || {};
        say('file-msg', t('e_other') + ((lang === 'zh' && e.message_zh) || e.message || r.status), 'error');
        if (e.field && $(e.field)) $(e.field).focus();
      }
    } catch (e) {
      say('file-msg', t('e_network'), 'error');
    } finally {
      $('file-submit').disabled = false;
    }
  }

  function row(dl, key, value) {
    const dt = document.createElement('dt');
    dt.textContent = t(key);
    const dd = document.createElement('dd');
    dd.textContent = value || t('none');
    dl.append(dt, dd);
  }

  async function lookup(ev) {
    ev.preventDefault();
    const code = $('code').value.trim();
    const dl = $('status');
    dl.hidden = true;
    dl.replaceChildren();
    if (!code) {
      say('lookup-msg', t('e_required') + t('code'), 'error');
      return;
    }
    try {
      const r = await call('GET', '/api/v1/public/complaints/' + encodeURIComponent(code));
      if (r.status === 200) {
        const s = r.json;
        say('lookup-msg', '', '');
        row(dl, 'st_case', s.case_no);
        row(dl, 'st_state', lang === 'zh' ? s.state_zh : STATE_EN[s.state] || s.state);
        row(dl, 'st_received', s.received_on);
        row(dl, 'st_due', s.due);
        row(dl, 'st_replied', s.replied_on);
        row(dl, 'st_closed', s.closed_on);
        row(dl, 'st_reply', s.reply);
        dl.hidden = false;
      } else if (r.status === 429) {
        say('lookup-msg', t('e_throttled'), 'error');
      } else {
        say('lookup-msg', t('e_unknown_code'), 'error');
      }
    } catch (e) {
      say('lookup-msg', t('e_network'), 'error');
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('lang').addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; applyLang(); });
    $('anonymous').addEventListener('change', () => { $('who').hidden = $('anonymous').checked; });
    $('file-form').addEventListener('submit', submit);
    $('lookup-form').addEventListener('submit', lookup);
    applyLang();
    loadForm();
  });
})();
