// Change record page: filter to undocumented changes and by server. Reads only the page's own DOM.
(function () {
  'use strict';
  var only = document.getElementById('only-undocumented');
  var server = document.getElementById('filter-server');
  var shown = document.getElementById('shown-count');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#changes tbody tr.c'));
  if (!only || !server) return;
  function apply() {
    var undocOnly = only.getAttribute('aria-pressed') === 'true';
    var wanted = server.value;
    var n = 0;
    rows.forEach(function (tr) {
      var visible = (!undocOnly || tr.getAttribute('data-documented') === '0') && (wanted === '' || tr.getAttribute('data-server') === wanted);
      tr.classList.toggle('is-hidden', !visible);
      if (visible) n++;
    });
    shown.textContent = n + ' shown';
  }
  only.addEventListener('click', function () {
    only.setAttribute('aria-pressed', only.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
    apply();
  });
  server.addEventListener('change', apply);
})();
