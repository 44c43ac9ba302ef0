/**
 * The live view's script: plain browser JavaScript, no framework, no build step. It keeps the
 * tasks from the `/events` stream and draws counts, a chart, the filtered list and one task's
 * details. Every value from a task reaches the page through `textContent`, never as HTML.
 * (Kept free of backticks and dollar-brace so it can live in this string.)
 */
export const LIVE_VIEW_JS = String.raw`(function () {
  'use strict';
  var STATES = ['RECEIVED', 'STARTED', 'RETRY', 'SUCCESS', 'FAILURE', 'REVOKED'];
  var WINDOW_SECONDS = 120;
  // Rows drawn at most; the filters narrow the rest down.
  var MAX_ROWS = 250;
  var tasks = new Map();
  var buckets = new Map();
  var totals = null;
  var bucketSeconds = 1;
  var maxTasks = 1000;
  var selected = null;
  var filters = { state: '', name: '' };
  var pending = false;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === 'text') node.textContent = String(value);
        else if (key === 'className') node.className = value;
        else if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? '' : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pad(n, width) { var s = String(n); while (s.length < width) s = '0' + s; return s; }

  function fmtTime(ts) {
    if (ts === null || ts === undefined) return '–';
    var d = new Date(ts * 1000);
    return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) + '.' + pad(d.getMilliseconds(), 3);
  }

  function fmtDuration(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    if (seconds < 1) return (seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0) + ' ms';
    return seconds.toFixed(2) + ' s';
  }

  function fmtJson(value) {
    if (value === undefined) return 'undefined';
    try { return JSON.stringify(value, null, 2); } catch (e) { return String(value); }
  }

  function excText(exc) {
    if (!exc) return '';
    var args = (exc.exc_message || []).map(function (a) { return JSON.stringify(a); }).join(', ');
    var type = exc.exc_module && exc.exc_module !== 'builtins' ? exc.exc_module + '.' + exc.exc_type : exc.exc_type;
    return type + '(' + args + ')';
  }

  // A dotted task name may wrap after a dot on a narrow screen, not in the middle of a word.
  function breakable(name) {
    var out = [];
    name.split('.').forEach(function (part, i, all) {
      out.push(i < all.length - 1 ? part + '.' : part);
      if (i < all.length - 1) out.push(document.createElement('wbr'));
    });
    return out;
  }

  function badge(state) { return el('span', { className: 'badge s-' + state, text: state }); }

  function schedule() {
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; render(); }, 100);
  }

  // ---- data -------------------------------------------------------------------------------
  function putTask(task) {
    tasks.delete(task.uuid);
    tasks.set(task.uuid, task);
    while (tasks.size > maxTasks) tasks.delete(tasks.keys().next().value);
  }

  function pruneBuckets() {
    var oldest = Date.now() / 1000 - 600;
    buckets.forEach(function (_b, t) { if (t < oldest) buckets.delete(t); });
  }

  function visibleTasks() {
    var name = filters.name.trim().toLowerCase();
    var list = [];
    tasks.forEach(function (task) {
      if (filters.state && task.state !== filters.state) return;
      if (name && (task.name || '').toLowerCase().indexOf(name) === -1) return;
      list.push(task);
    });
    list.sort(function (a, b) { return b.received - a.received || b.version - a.version; });
    return list;
  }

  // ---- counts -----------------------------------------------------------------------------
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

  // ---- chart ------------------------------------------------------------------------------
  function renderChart() {
    var W = Math.max(300, Math.min(900, Math.round($('chart').clientWidth || 600))), H = 190, L = 44, R = 52, T = 14, B = 22;
    var now = Math.floor(Date.now() / 1000 / bucketSeconds) * bucketSeconds;
    var n = Math.floor(WINDOW_SECONDS / bucketSeconds);
    var slots = [];
    var maxCount = 1, maxMs = 1, finished = 0, failed = 0, rtSum = 0, rtCount = 0, rtMax = 0;
    for (var i = n - 1; i >= 0; i--) {
      var t = now - i * bucketSeconds;
      var b = buckets.get(t);
      var ok = b ? b.succeeded : 0;
      var bad = b ? b.failed + b.revoked : 0;
      var retry = b ? b.retried : 0;
      var mean = b && b.runtimeCount ? (b.runtimeSum / b.runtimeCount) * 1000 : null;
      slots.push({ t: t, ok: ok, bad: bad, retry: retry, mean: mean });
      maxCount = Math.max(maxCount, ok + bad + retry);
      if (mean !== null) maxMs = Math.max(maxMs, mean);
      if (b && i < 60 / bucketSeconds) {
        finished += ok + bad + retry; failed += bad;
        rtSum += b.runtimeSum; rtCount += b.runtimeCount; rtMax = Math.max(rtMax, b.runtimeMax);
      }
    }
    var pw = W - L - R, ph = H - T - B, bw = pw / n;
    var y = function (v) { return T + ph - (v / maxCount) * ph; };
    var ym = function (v) { return T + ph - (v / maxMs) * ph; };
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'chart-caption', focusable: 'false' });
    root.appendChild(svg('rect', { x: L, y: T, width: pw, height: ph, fill: '#fafbfc', stroke: '#c9ced6' }));
    [0.5, 1].forEach(function (f) {
      root.appendChild(svg('line', { x1: L, x2: L + pw, y1: T + ph - f * ph, y2: T + ph - f * ph, stroke: '#e3e6ea' }));
    });
    var line = '';
    slots.forEach(function (s, idx) {
      var x = L + idx * bw;
      var base = T + ph;
      [[s.ok, '#2e7d4f'], [s.retry, '#b07d00'], [s.bad, '#b3261e']].forEach(function (part) {
        if (!part[0]) return;
        var h = (part[0] / maxCount) * ph;
        root.appendChild(svg('rect', { x: x + 0.5, y: base - h, width: Math.max(bw - 1, 1), height: h, fill: part[1] }));
        base -= h;
      });
      if (s.mean !== null) line += (line ? ' L' : 'M') + (x + bw / 2).toFixed(1) + ' ' + ym(s.mean).toFixed(1);
    });
    if (line) root.appendChild(svg('path', { d: line, fill: 'none', stroke: '#0b57d0', 'stroke-width': 2 }));
    slots.forEach(function (s, idx) {
      if (s.mean === null) return;
      root.appendChild(svg('circle', { cx: L + idx * bw + bw / 2, cy: ym(s.mean), r: 2.2, fill: '#0b57d0' }));
    });
    var text = { 'font-size': 12, fill: '#4a5159' };
    function label(x, yy, anchor, s) { var a = Object.assign({ x: x, y: yy, 'text-anchor': anchor }, text); root.appendChild(svg('text', a, s)); }
    label(L - 6, T + 10, 'end', String(maxCount));
    label(L - 6, T + ph, 'end', '0');
    label(L - 6, T + ph / 2 + 4, 'end', 'tasks');
    label(L + pw + 6, T + 10, 'start', maxMs < 10 ? maxMs.toFixed(1) + ' ms' : Math.round(maxMs) + ' ms');
    label(L + pw + 6, T + ph, 'start', '0 ms');
    label(L, H - 4, 'start', '-' + WINDOW_SECONDS / 60 + ' min');
    label(L + pw / 2, H - 4, 'middle', '-' + WINDOW_SECONDS / 120 + ' min');
    label(L + pw, H - 4, 'end', 'now');
    $('chart').replaceChildren(root);
    var caption = 'Last minute: ' + finished + ' tasks finished (' + (finished / 60).toFixed(2) + ' per second), ' + failed + ' failed';
    caption += rtCount ? ', mean runtime ' + fmtDuration(rtSum / rtCount) + ', longest ' + fmtDuration(rtMax) + '.' : '.';
    $('chart-caption').textContent = caption + ' Bars: tasks finished per ' + (bucketSeconds === 1 ? 'second' : bucketSeconds + ' s') + '; line: mean runtime.';
  }

  // ---- list -------------------------------------------------------------------------------
  function select(uuid, focus) {
    selected = uuid;
    render();
    if (focus) {
      var heading = $('detail-heading');
      if (heading) heading.focus();
    }
  }

  function renderList() {
    var list = visibleTasks();
    var active = document.activeElement;
    var focusedUuid = active && active.getAttribute ? active.getAttribute('data-open') : null;
    var rows = list.slice(0, MAX_ROWS).map(function (task) {
      var name = task.name || '(unknown task)';
      return el('tr', { 'data-uuid': task.uuid, 'data-state': task.state, 'aria-current': task.uuid === selected ? 'true' : null,
        className: task.uuid === selected ? 'selected' : '' }, [
        el('td', { className: 'mono' }, [fmtTime(task.received).slice(0, 8), el('span', { className: 'ms', text: fmtTime(task.received).slice(8) })]),
        el('td', null, [badge(task.state)]),
        el('td', null, [el('button', { type: 'button', className: 'open', 'data-open': task.uuid,
          'aria-label': name + ', ' + task.state + ', details',
          onclick: function () { select(task.uuid, true); } }, breakable(name))]),
        el('td', { className: 'mono col-id', title: task.uuid, text: task.uuid.slice(0, 8) }),
        el('td', { className: 'col-queue', text: task.queue }),
        el('td', { className: 'col-retries', text: task.retries }),
        el('td', { text: fmtDuration(task.runtime) }),
      ]);
    });
    var body = $('task-rows');
    body.replaceChildren.apply(body, rows);
    if (focusedUuid) {
      var again = body.querySelector('[data-open="' + focusedUuid.replace(/"/g, '') + '"]');
      if (again) again.focus();
    }
    $('empty').hidden = tasks.size !== 0;
    var shown = 'Showing ' + list.length + ' of ' + tasks.size + ' tasks';
    if (filters.state || filters.name) shown += ' (filtered)';
    if (list.length > MAX_ROWS) shown += '; the newest ' + MAX_ROWS + ' are listed, filter to see others';
    if ($('shown').textContent !== shown + '.') $('shown').textContent = shown + '.';
    var names = {};
    tasks.forEach(function (t) { if (t.name) names[t.name] = true; });
    var datalist = $('task-names');
    var keys = Object.keys(names).sort();
    if (datalist.getAttribute('data-names') !== keys.join()) {
      datalist.setAttribute('data-names', keys.join());
      datalist.replaceChildren.apply(datalist, keys.map(function (k) { return el('option', { value: k }); }));
    }
  }

  // ---- workflow tree ----------------------------------------------------------------------
  function family(uuid) {
    var byParent = new Map(), byGroup = new Map(), byRoot = new Map(), byChord = new Map();
    function add(map, key, id) { if (!key) return; if (!map.has(key)) map.set(key, []); map.get(key).push(id); }
    tasks.forEach(function (t) {
      if (t.parent_id !== t.uuid) add(byParent, t.parent_id, t.uuid);
      add(byGroup, t.group_id, t.uuid);
      add(byRoot, t.root_id, t.uuid);
      if (t.chord && t.chord.id) add(byChord, t.chord.id, t.uuid);
    });
    var seen = new Set([uuid]);
    var queue = [uuid];
    while (queue.length) {
      var id = queue.shift();
      var t = tasks.get(id);
      var near = (byParent.get(id) || []).concat(byChord.get(id) || []);
      if (t) {
        near = near.concat([t.parent_id, t.root_id, t.chord && t.chord.id], t.children || [],
          byGroup.get(t.group_id) || [], byRoot.get(t.root_id) || []);
      }
      near.forEach(function (n) { if (n && !seen.has(n) && tasks.has(n)) { seen.add(n); queue.push(n); } });
    }
    return seen;
  }

  function renderTree(current) {
    var members = family(current);
    if (members.size < 2) return null;
    var done = new Set();
    // A chord body is drawn under its group, whichever task applied it.
    var bodies = new Set();
    members.forEach(function (id) { var c = tasks.get(id).chord; if (c && c.id && members.has(c.id)) bodies.add(c.id); });
    function kids(parent) {
      var out = [];
      members.forEach(function (id) {
        var t = tasks.get(id);
        if (bodies.has(id)) return;
        var p = t.parent_id && t.parent_id !== t.uuid && members.has(t.parent_id) ? t.parent_id : null;
        if (p === parent) out.push(t);
      });
      out.sort(function (a, b) { return a.received - b.received; });
      return out;
    }
    function node(t) {
      if (done.has(t.uuid)) return null;
      done.add(t.uuid);
      var li = el('li', { className: t.uuid === current ? 'current' : '' }, [
        el('button', { type: 'button', 'aria-current': t.uuid === current ? 'true' : null,
          onclick: function () { select(t.uuid, true); }, text: t.name || t.uuid }),
        ' ', badge(t.state), ' ', el('span', { className: 'kind mono', text: t.uuid.slice(0, 8) }),
      ]);
      var sub = level(kids(t.uuid));
      if (sub) li.appendChild(sub);
      return li;
    }
    function level(list) {
      if (!list.length) return null;
      var ul = el('ul');
      var groups = new Map();
      list.forEach(function (t) {
        if (t.group_id) { if (!groups.has(t.group_id)) groups.set(t.group_id, []); groups.get(t.group_id).push(t); }
      });
      list.forEach(function (t) {
        if (t.group_id && groups.has(t.group_id)) {
          var gid = t.group_id, group = groups.get(gid);
          groups.delete(gid);
          var inner = el('ul');
          group.forEach(function (m) { var n = node(m); if (n) inner.appendChild(n); });
          var li = el('li', { className: 'group' }, [el('span', { className: 'kind', text: 'group ' + gid.slice(0, 8) + ' (' + group.length + ' tasks)' }), inner]);
          var chord = group[0].chord;
          if (chord) {
            var body = chord.id && tasks.get(chord.id);
            var chordLi = el('li', null, [el('span', { className: 'kind', text: 'chord body: ' })]);
            if (body) { var bn = node(body); if (bn) chordLi.appendChild(el('ul', null, [bn])); }
            else chordLi.appendChild(document.createTextNode(chord.task + ' (not run yet)'));
            li.appendChild(el('ul', null, [chordLi]));
          }
          ul.appendChild(li);
        } else if (!t.group_id) {
          var n = node(t);
          if (n) ul.appendChild(n);
        }
      });
      return ul.childNodes.length ? ul : null;
    }
    var tree = level(kids(null));
    if (tree) { tree.className = 'tree'; tree.setAttribute('aria-label', 'Workflow of this task'); }
    return tree;
  }

  // ---- detail -----------------------------------------------------------------------------
  function renderDetail() {
    var section = $('detail');
    var task = selected && tasks.get(selected);
    if (!task) { section.hidden = true; return; }
    section.hidden = false;
    $('detail-heading').textContent = (task.name || '(unknown task)') + ' ' + task.uuid.slice(0, 8);
    var rows = [
      ['Id', el('span', { className: 'mono', text: task.uuid })],
      ['State', badge(task.state)],
      ['Queue', task.queue], ['Worker', task.hostname], ['Retries', String(task.retries)],
      ['Received', fmtTime(task.received)], ['Started', fmtTime(task.started)], ['Finished', fmtTime(task.finished)],
      ['Runtime', fmtDuration(task.runtime)],
      ['Total', task.finished ? fmtDuration(task.finished - task.received) : '–'],
    ];
    if (task.eta) rows.push(['ETA', task.eta]);
    if (task.expires) rows.push(['Expires', task.expires]);
    if (task.retry_eta) rows.push(['Retry due', task.retry_eta]);
    if (task.reason) rows.push(['Reason', task.reason]);
    if (task.parent_id && task.parent_id !== task.uuid) rows.push(['Parent', el('span', { className: 'mono', text: task.parent_id })]);
    if (task.root_id && task.root_id !== task.uuid) rows.push(['Root', el('span', { className: 'mono', text: task.root_id })]);
    if (task.group_id) rows.push(['Group', el('span', { className: 'mono', text: task.group_id })]);
    var dl = el('dl');
    rows.forEach(function (r) { dl.appendChild(el('dt', { text: r[0] })); dl.appendChild(el('dd', null, [r[1]])); });
    var parts = [dl];
    parts.push(el('h3', { text: 'History' }));
    parts.push(el('ol', { className: 'history' }, task.history.map(function (h) {
      return el('li', null, [el('span', { className: 'mono', text: fmtTime(h.timestamp) }), badge(h.state),
        el('span', { text: 'attempt ' + (h.retries + 1) + (h.reason ? ': ' + h.reason : '') })]);
    })));
    parts.push(el('h3', { text: 'Arguments' }));
    parts.push(el('pre', { text: 'args: ' + fmtJson(task.args) + '\nkwargs: ' + fmtJson(task.kwargs) }));
    if (task.state === 'SUCCESS') {
      parts.push(el('h3', { text: 'Result' }));
      parts.push(el('pre', { className: 'result', text: fmtJson(task.result) }));
    }
    if (task.exception) {
      parts.push(el('h3', { text: 'Exception' }));
      parts.push(el('pre', { className: 'exception', text: excText(task.exception) }));
    }
    if (task.traceback) {
      parts.push(el('h3', { text: 'Traceback' }));
      parts.push(el('pre', { className: 'tb', text: task.traceback }));
    }
    var tree = renderTree(task.uuid);
    if (tree) { parts.push(el('h3', { text: 'Workflow' })); parts.push(tree); }
    parts.push(el('p', null, [el('button', { type: 'button', text: 'Close details', onclick: function () {
      var back = document.querySelector('[data-open="' + task.uuid + '"]');
      selected = null; render(); if (back) back.focus();
    } })]));
    var body = $('detail-body');
    var active = document.activeElement;
    var keep = active && body.contains(active) ? active.textContent : null;
    body.replaceChildren.apply(body, parts);
    if (keep !== null) {
      var buttons = body.querySelectorAll('button');
      for (var i = 0; i < buttons.length; i++) if (buttons[i].textContent === keep) { buttons[i].focus(); break; }
    }
  }

  function render() {
    renderCounts();
    renderChart();
    renderList();
    renderDetail();
  }

  // ---- wiring -----------------------------------------------------------------------------
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
