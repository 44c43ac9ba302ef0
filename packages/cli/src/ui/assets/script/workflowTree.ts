/**
 * Part of the live view's script (joined in `../js.ts`): a task's workflow: its parents, children,
 * groups and chord body, as a tree.
 */
export const WORKFLOW_TREE_JS = String.raw`  // ---- workflow tree ----------------------------------------------------------------------
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

`;
