/**
 * Part of the live view's script (joined in `../js.ts`): the filters, the keyboard, the `/events`
 * stream, and its closing.
 */
export const WIRING_JS = String.raw`  // ---- wiring -----------------------------------------------------------------------------
  var form = $('filters');
  function readFilters() {
    filters.state = $('filter-state').value;
    filters.name = $('filter-name').value;
    schedule();
  }
  form.addEventListener('input', readFilters);
  form.addEventListener('change', readFilters);
  form.addEventListener('submit', function (e) { e.preventDefault(); readFilters(); });
  form.addEventListener('reset', function () { setTimeout(readFilters, 0); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && selected) { selected = null; render(); }
  });

  var connection = $('connection');
  var source = new EventSource('/events');
  source.onopen = function () { connection.textContent = 'live'; connection.className = 'conn live'; };
  source.onerror = function () { connection.textContent = 'disconnected, retrying…'; connection.className = 'conn down'; };
  source.addEventListener('snapshot', function (e) {
    var snap = JSON.parse(e.data);
    maxTasks = snap.maxTasks; bucketSeconds = snap.bucketSeconds; totals = snap.totals;
    $('max-tasks').textContent = String(maxTasks);
    tasks.clear();
    snap.tasks.forEach(putTask);
    buckets.clear();
    snap.series.forEach(function (b) { buckets.set(b.t, b); });
    document.body.setAttribute('data-ready', 'true');
    schedule();
  });
  source.addEventListener('task', function (e) {
    var update = JSON.parse(e.data);
    putTask(update.task);
    if (update.bucket) buckets.set(update.bucket.t, update.bucket);
    totals = update.totals;
    pruneBuckets();
    schedule();
  });
  setInterval(renderChart, 1000);
  render();
})();
`;
