/**
 * Part of the live view's script (joined in `../js.ts`): keeping tasks and chart buckets, and the
 * tasks the filters let through.
 */
export const TASKS_JS = String.raw`  // ---- data -------------------------------------------------------------------------------
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

`;
