/**
 * Part of the live view's script (joined in `../js.ts`): one task's details, and the redraw of the
 * whole page.
 */
export const DETAIL_JS = String.raw`  // ---- detail -----------------------------------------------------------------------------
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

`;
