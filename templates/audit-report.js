// pairaudit audit report: builds the findings table from the embedded data (textContent only, never HTML),
// filters on the data (not the DOM), and shows matches a page at a time so 10,000 findings stay light.
/* global document, window, setTimeout, clearTimeout */
(function () {
  'use strict';
  var dataEl = document.getElementById('finding-data');
  var table = document.getElementById('findings');
  if (!dataEl || !table) return;
  var data = JSON.parse(dataEl.textContent || '{}');
  var S = data.strings || [];
  var F = data.findings || [];
  // Severities and statuses with their labels, by the indexes the findings use (src/vocabulary.ts).
  var vocabulary = data.vocabulary || {};
  var SEV = vocabulary.severities || [];
  var SEV_LABEL = vocabulary.severityLabels || [];
  var ST = vocabulary.statuses || [];
  var ST_LABEL = vocabulary.statusLabels || [];
  var PAGE = 500;
  var body = table.tBodies[0];
  var chips = document.querySelectorAll('.filters .chip');
  var categorySelect = document.getElementById('filter-category');
  var search = document.getElementById('filter-search');
  var shown = document.getElementById('shown-count');
  var empty = document.getElementById('no-rows');
  var more = document.getElementById('show-more');
  var keys = [];
  for (var n = 0; n < F.length; n++) keys.push((S[F[n].n] + ' ' + S[F[n].r]).toLowerCase());
  var matches = [];
  var rendered = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // Long names break after `.`, `\` and `/` (a <wbr> there), never mid-word: the places src/report/breaks.ts says.
  var SEPARATOR = new RegExp(data.breakAt || '$^', 'u');
  function appendBreakable(e, text) {
    var parts = String(text).split(SEPARATOR);
    for (var p = 0; p < parts.length; p++) {
      if (p > 0) e.appendChild(document.createElement('wbr'));
      e.appendChild(document.createTextNode(parts[p]));
    }
    return e;
  }
  function breakable(tag, cls, text) {
    return appendBreakable(el(tag, cls), text);
  }

  // Each quoted text (a value in a message, a list's item, a change's before and after: src/report/direction.ts) in a
  // <bdi>, so that right-to-left text in it cannot take the quotes, commas and arrows around it into its direction.
  var QUOTED = new RegExp(data.quoted || '$^', 'g');
  function isolated(tag, cls, text, breaks) {
    var e = el(tag, cls);
    var s = String(text);
    var add = function (into, t) {
      if (breaks) appendBreakable(into, t);
      else if (t !== '') into.appendChild(document.createTextNode(t));
    };
    var at = 0;
    var m;
    QUOTED.lastIndex = 0;
    while ((m = QUOTED.exec(s)) !== null) {
      add(e, s.slice(at, m.index));
      add(e.appendChild(document.createElement('bdi')), m[0]);
      at = m.index + m[0].length;
    }
    add(e, s.slice(at));
    return e;
  }

  function pressed(kind) {
    var set = {};
    for (var k = 0; k < chips.length; k++) {
      var c = chips[k];
      if (c.getAttribute('data-kind') === kind && c.getAttribute('aria-pressed') === 'true') set[c.getAttribute('data-value')] = true;
    }
    return set;
  }

  // A value: one line of code; a key's settings gathered (`name = value` lines) as a list, one a line.
  function valueCell(f, v) {
    if (!f.ln || !v.l || v.l.length === 0) return isolated('code', '', S[v.t], true);
    var list = el('ul', 'lines');
    for (var j = 0; j < v.l.length; j++) {
      var item = el('li');
      item.appendChild(isolated('code', '', S[v.l[j]], true));
      list.appendChild(item);
    }
    return list;
  }

  function buildRow(i) {
    var f = F[i];
    var tr = el('tr', 'f');
    tr.setAttribute('data-i', String(i));
    tr.setAttribute('data-sev', SEV[f.s]);
    tr.setAttribute('data-st', ST[f.t]);
    var t = el('td', 't');
    var btn = el('button', 'toggle', '\u25b8');
    btn.type = 'button';
    btn.setAttribute('aria-expanded', 'false');
    btn.setAttribute('aria-controls', 'd' + i);
    btn.setAttribute('aria-label', 'Details of ' + S[f.n]);
    t.appendChild(btn);
    tr.appendChild(t);
    var sev = el('td');
    sev.appendChild(el('span', 'sev sev-' + SEV[f.s], SEV_LABEL[f.s]));
    tr.appendChild(sev);
    var st = el('td');
    st.appendChild(el('span', 'st st-' + ST[f.t], ST_LABEL[f.t]));
    tr.appendChild(st);
    var setting = el('td', 'setting');
    setting.appendChild(breakable('code', '', S[f.n]));
    if (f.as) setting.appendChild(el('span', 'assumed', 'assumed mapping'));
    setting.appendChild(isolated('div', 'msg', S[f.m], true));
    tr.appendChild(setting);
    for (var k = 0; k < f.v.length; k++) {
      var v = f.v[k];
      var td = el('td', 'val' + (v && f.x ? ' differs' : ''));
      if (v) td.appendChild(v.k === 0 ? valueCell(f, v) : el('span', v.k === 1 ? 'absent' : 'secret', S[v.t]));
      tr.appendChild(td);
    }
    var rule = el('td');
    rule.appendChild(el('span', 'rule', S[f.r]));
    rule.appendChild(el('span', 'cat', S[f.c]));
    tr.appendChild(rule);
    return tr;
  }

  function renderMore() {
    var frag = document.createDocumentFragment();
    var end = Math.min(matches.length, rendered + PAGE);
    for (var k = rendered; k < end; k++) frag.appendChild(buildRow(matches[k]));
    body.appendChild(frag);
    rendered = end;
    if (shown) shown.textContent = 'Showing ' + matches.length + ' of ' + F.length + (rendered < matches.length ? ' (first ' + rendered + ' listed)' : '');
    if (more) {
      more.classList.toggle('is-hidden', rendered >= matches.length);
      more.textContent = 'Show ' + Math.min(PAGE, matches.length - rendered) + ' more (' + (matches.length - rendered) + ' not listed yet)';
    }
    if (empty) empty.classList.toggle('is-hidden', matches.length !== 0);
  }

  function apply() {
    var sev = pressed('sev');
    var st = pressed('st');
    var cat = categorySelect ? categorySelect.value : '';
    var q = search ? search.value.trim().toLowerCase() : '';
    matches = [];
    for (var k = 0; k < F.length; k++) {
      var f = F[k];
      if (sev[SEV[f.s]] !== true || st[ST[f.t]] !== true) continue;
      if (cat !== '' && S[f.c] !== cat) continue;
      if (q !== '' && keys[k].indexOf(q) === -1) continue;
      matches.push(k);
    }
    body.textContent = '';
    rendered = 0;
    renderMore();
  }

  for (var c = 0; c < chips.length; c++) {
    chips[c].addEventListener('click', function (ev) {
      var b = ev.currentTarget;
      b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
      apply();
    });
  }
  if (categorySelect) categorySelect.addEventListener('change', apply);
  if (more) more.addEventListener('click', renderMore);
  var timer = 0;
  if (search) {
    search.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(apply, F.length > 2000 ? 120 : 0);
    });
    search.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') {
        search.value = '';
        apply();
      }
    });
  }
  document.addEventListener('keydown', function (ev) {
    var tag = document.activeElement ? document.activeElement.tagName : '';
    if (ev.key === '/' && search && tag !== 'INPUT' && tag !== 'SELECT' && tag !== 'TEXTAREA') {
      ev.preventDefault();
      search.focus();
    }
  });

  function buildDetail(i, colspan) {
    var f = F[i];
    var tr = el('tr', 'detail');
    tr.id = 'd' + i;
    var td = el('td');
    td.colSpan = colspan;
    var box = el('div', 'detail');
    box.appendChild(el('h4', '', S[f.h] + ' (' + S[f.r] + ')'));
    var grid = el('div', 'grid');
    var first = null;
    for (var k = 0; k < f.v.length; k++) {
      var v = f.v[k];
      if (!v) continue;
      if (first === null) first = v;
      var side = el('div', 'side');
      side.appendChild(el('div', 'who', S[data.columns[k]]));
      var lines = v.l ? v.l.map(function (x) { return S[x]; }) : [S[v.t]];
      side.appendChild(isolated('pre', v.k === 2 ? 'secret' : '', lines.join('\n')));
      if (v.w !== undefined) side.appendChild(el('div', 'where', S[v.w]));
      grid.appendChild(side);
    }
    box.appendChild(grid);
    for (var j = 0; f.d && j < f.d.length; j++) {
      var pre = el('pre', 'diff');
      pre.appendChild(el('span', 'hdr', '--- ' + S[f.d[j][0]] + '   +++ ' + S[f.d[j][1]]));
      var dl = f.d[j][2];
      for (var m = 0; m < dl.length; m++) {
        var op = dl[m][0];
        pre.appendChild(isolated('span', op === '+' ? 'add' : op === '-' ? 'del' : '', op + ' ' + S[dl[m][1]]));
      }
      box.appendChild(pre);
    }
    var list = el('dl');
    function item(label, text) {
      if (!text) return;
      list.appendChild(el('dt', '', label));
      list.appendChild(isolated('dd', '', text));
    }
    item('Finding', S[f.m]);
    item('Why it matters', S[f.ra]);
    item('How to fix', S[f.re]);
    if (f.rf && f.rf.length) {
      // Cited documents as links; only http(s) targets ever become links (the data is escaped text otherwise).
      var refs = el('dd', 'sources');
      for (var q = 0; q < f.rf.length; q++) {
        var url = S[f.rf[q][2]];
        var ref = el(/^https?:\/\//i.test(url) ? 'a' : 'span', 'source', '[' + S[f.rf[q][0]] + '] ' + S[f.rf[q][1]]);
        if (ref.tagName === 'A') {
          ref.href = url;
          ref.rel = 'noreferrer';
        }
        refs.appendChild(ref);
      }
      list.appendChild(el('dt', '', 'Sources'));
      list.appendChild(refs);
    }
    if (f.w !== undefined) item('Waiver', S[f.w]);
    for (var a = 0; f.a && a < f.a.length; a++) item(a === 0 ? 'Changed' : '', S[f.a[a]]);
    box.appendChild(list);
    td.appendChild(box);
    tr.appendChild(td);
    return tr;
  }

  function setOpen(btn, open) {
    var tr = btn.closest('tr');
    var next = tr.nextElementSibling;
    var hasDetail = next && next.classList.contains('detail');
    if (open && !hasDetail) tr.parentNode.insertBefore(buildDetail(Number(tr.getAttribute('data-i')), tr.cells.length), next);
    else if (!open && hasDetail) next.remove();
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    btn.textContent = open ? '\u25be' : '\u25b8';
  }

  body.addEventListener('click', function (ev) {
    var btn = ev.target && ev.target.closest ? ev.target.closest('button.toggle') : null;
    if (btn) setOpen(btn, btn.getAttribute('aria-expanded') !== 'true');
  });

  // A paper copy shows the details of the listed findings that need attention (not of passes).
  window.addEventListener('beforeprint', function () {
    var buttons = body.querySelectorAll('tr.f:not([data-st="pass"]) button.toggle[aria-expanded="false"]');
    for (var k = 0; k < buttons.length && k < 500; k++) setOpen(buttons[k], true);
  });

  apply();
})();
