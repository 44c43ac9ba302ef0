/**
 * Part of the live view's script (joined in `../js.ts`): the count of tasks in each state, and the
 * totals since start.
 */
export const COUNTS_JS = String.raw`  // ---- counts -----------------------------------------------------------------------------
  function renderCounts() {
    var counts = {};
    STATES.forEach(function (s) { counts[s] = 0; });
    tasks.forEach(function (task) { counts[task.state] = (counts[task.state] || 0) + 1; });
    var list = $('counts');
    var text = STATES.map(function (s) { return s + counts[s]; }).join();
    if (list.getAttribute('data-text') === text) return;
    list.setAttribute('data-text', text);
    list.replaceChildren.apply(list, STATES.map(function (s) {
      return el('li', { className: 's-' + s, 'data-state': s }, [
        el('span', { className: 'n', text: counts[s] }),
        el('span', { className: 'label', text: s }),
      ]);
    }));
    if (totals) {
      $('totals').textContent = 'Since start: ' + totals.received + ' received, ' + totals.succeeded +
        ' succeeded, ' + totals.failed + ' failed, ' + totals.retried + ' retried, ' + totals.revoked + ' revoked.';
    }
  }

`;
