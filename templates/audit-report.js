// pairaudit audit report: filters, search and lazily built finding details. Builds DOM with textContent only.
/* global document, window, setTimeout, clearTimeout */
(function () {
  'use strict';
  var dataEl = document.getElementById('finding-data');
  var table = document.getElementById('findings');
  if (!dataEl || !table) return;
  var data = JSON.parse(dataEl.textContent || '[]');
  var body = table.tBodies[0];
  var rows = [];
  var all = body.rows;
  for (var i = 0; i < all.length; i++) {
    var r = all[i];
    if (!r.classList.contains('f')) continue;
    rows.push({ el: r, i: Number(r.getAttribute('data-i')), sev: r.getAttribute('data-sev'), st: r.getAttribute('data-st'), cat: r.getAttribute('data-cat'), key: (r.getAttribute('data-key') || '').toLowerCase(), hidden: r.classList.contains('is-hidden') });
  }
  var chips = document.querySelectorAll('.filters .chip');
  var categorySelect = document.getElementById('filter-category');
  var search = document.getElementById('filter-search');
  var shown = document.getElementById('shown-count');
  var empty = document.getElementById('no-rows');

  function pressed(kind) {
    var set = {};
    for (var k = 0; k < chips.length; k++) {
      var c = chips[k];
      if (c.getAttribute('data-kind') === kind && c.getAttribute('aria-pressed') === 'true') set[c.getAttribute('data-value')] = true;
    }
    return set;
  }

  function apply() {
    var sev = pressed('sev');
    var st = pressed('st');
    var cat = categorySelect ? categorySelect.value : '';
    var q = search ? search.value.trim().toLowerCase() : '';
    var count = 0;
    for (var k = 0; k < rows.length; k++) {
      var row = rows[k];
      var visible = sev[row.sev] === true && st[row.st] === true && (cat === '' || row.cat === cat) && (q === '' || row.key.indexOf(q) !== -1);
      if (visible) count++;
      if (row.hidden === !visible) continue;
      row.hidden = !visible;
      row.el.classList.toggle('is-hidden', !visible);
      var next = row.el.nextElementSibling;
      if (next && next.classList.contains('detail')) next.classList.toggle('is-hidden', !visible);
    }
    if (shown) shown.textContent = 'Showing ' + count + ' of ' + rows.length;
    if (empty) empty.classList.toggle('is-hidden', count !== 0);
  }

  for (var c = 0; c < chips.length; c++) {
    chips[c].addEventListener('click', function (ev) {
      var b = ev.currentTarget;
      b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
      apply();
    });
  }
  if (categorySelect) categorySelect.addEventListener('change', apply);
  var timer = 0;
  if (search) {
    search.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(apply, rows.length > 2000 ? 120 : 0);
    });
    search.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') {
        search.value = '';
        apply();
      }
    });
  }
  document.addEventListener('keydown', function (ev) {
    if (ev.key === '/' && document.activeElement !== search && search) {
      ev.preventDefault();
      search.focus();
    }
  });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function buildDetail(d, colspan) {
    var tr = el('tr', 'detail');
    var td = el('td');
    td.colSpan = colspan;
    var box = el('div', 'detail');
    box.appendChild(el('h4', '', d.title + ' (' + d.ruleId + ')'));
    var grid = el('div', 'grid');
    for (var k = 0; k < d.values.length; k++) {
      var v = d.values[k];
      var side = el('div', 'side');
      side.appendChild(el('div', 'who', v.role + ' \u00b7 ' + v.server));
      side.appendChild(el('pre', v.secret ? 'secret' : '', v.lines.join('\n')));
      if (v.where) side.appendChild(el('div', 'where', v.where));
      grid.appendChild(side);
    }
    box.appendChild(grid);
    if (d.diff) {
      for (var j = 0; j < d.diff.length; j++) {
        var pre = el('pre', 'diff');
        pre.appendChild(el('span', 'hdr', '--- ' + d.values[0].role + '  +++ ' + d.diff[j].against));
        for (var m = 0; m < d.diff[j].lines.length; m++) {
          var line = d.diff[j].lines[m];
          pre.appendChild(el('span', line[0] === '+' ? 'add' : line[0] === '-' ? 'del' : '', line[0] + ' ' + line[1]));
        }
        box.appendChild(pre);
      }
    }
    var dl = el('dl');
    function item(label, text) {
      if (!text) return;
      dl.appendChild(el('dt', '', label));
      dl.appendChild(el('dd', '', text));
    }
    item('Finding', d.message);
    item('Why it matters', d.rationale);
    item('How to fix', d.remediation);
    item('Waiver', d.waiver);
    for (var a = 0; a < (d.attribution || []).length; a++) item(a === 0 ? 'Changed' : '', d.attribution[a]);
    box.appendChild(dl);
    td.appendChild(box);
    tr.appendChild(td);
    return tr;
  }

  function setOpen(btn, open) {
    var tr = btn.closest('tr');
    var next = tr.nextElementSibling;
    var hasDetail = next && next.classList.contains('detail');
    if (open && !hasDetail) {
      var d = data[Number(tr.getAttribute('data-i'))];
      var detail = buildDetail(d, tr.cells.length);
      detail.id = btn.getAttribute('aria-controls');
      tr.parentNode.insertBefore(detail, next);
    } else if (!open && hasDetail) {
      next.remove();
    }
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    btn.textContent = open ? '\u25be' : '\u25b8';
  }

  body.addEventListener('click', function (ev) {
    var btn = ev.target.closest ? ev.target.closest('button.toggle') : null;
    if (!btn) return;
    setOpen(btn, btn.getAttribute('aria-expanded') !== 'true');
  });

  // A paper copy shows the details of the visible findings that need attention (not of passes).
  window.addEventListener('beforeprint', function () {
    var opened = 0;
    for (var k = 0; k < rows.length && opened < 500; k++) {
      var row = rows[k];
      if (row.hidden || row.st === 'pass') continue;
      var btn = row.el.querySelector('button.toggle');
      if (btn && btn.getAttribute('aria-expanded') !== 'true') setOpen(btn, true);
      opened++;
    }
  });

  apply();
})();
