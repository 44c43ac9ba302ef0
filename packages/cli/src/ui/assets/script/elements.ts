/**
 * Part of the live view's script (joined in `../js.ts`): building elements and SVG, formatting times,
 * durations, values and exceptions, scheduling a redraw.
 */
export const ELEMENTS_JS = String.raw`  function $(id) { return document.getElementById(id); }

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

`;
