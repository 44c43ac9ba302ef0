/**
 * Part of the live view's script (joined in `../js.ts`): the task list: selecting a task, the rows,
 * focus kept across redraws, the names offered.
 */
export const TASK_LIST_JS = String.raw`  // ---- list -------------------------------------------------------------------------------
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

`;
