/**
 * Part of the live view's script (joined in `../js.ts`): the chart: tasks finished per bucket as bars,
 * the mean runtime as a line, its caption.
 */
export const CHART_JS = String.raw`  // ---- chart ------------------------------------------------------------------------------
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

`;
