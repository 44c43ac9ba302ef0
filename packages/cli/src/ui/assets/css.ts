/** The live view's stylesheet: light, high-contrast, one column below 800 px. */
export const LIVE_VIEW_CSS = `
:root {
  --bg: #f6f7f9; --panel: #ffffff; --text: #1a1d21; --muted: #4a5159; --line: #c9ced6;
  --focus: #0b57d0; --accent: #0b57d0;
  --received-bg: #e7eaee; --received: #2d333a;
  --started-bg: #dbe8fb; --started: #0a3f91;
  --retry-bg: #fdf0c8; --retry: #6b4a00;
  --success-bg: #d8f0df; --success: #0d5a2a;
  --failure-bg: #fbdcdc; --failure: #8a1414;
  --revoked-bg: #ece1f7; --revoked: #4e2a7a;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--text); background: var(--bg); line-height: 1.45;
}
* { box-sizing: border-box; }
body { margin: 0; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: var(--panel); padding: 6px 10px; z-index: 10; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
code, pre, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
h1 { font-size: 1.25rem; margin: 0; }
h2 { font-size: 1.05rem; margin: 0 0 0.6rem; }
.top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.3rem 1rem; padding: 0.8rem 1rem; background: #1f2a37; color: #fff; }
.top .sub { margin: 0; color: #d5dbe3; }
.top .conn { margin: 0 0 0 auto; font-size: 0.9rem; }
.conn.live::before { content: "● "; color: #6ee59a; }
.conn.down::before { content: "● "; color: #ff9c9c; }
main { display: grid; gap: 1rem; padding: 1rem; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); grid-template-areas: "summary chart" "list list" "detail detail"; }
main > section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 0.8rem 1rem; min-width: 0; }
.summary { grid-area: summary; } .chart-box { grid-area: chart; } .list { grid-area: list; } .detail { grid-area: detail; }
@media (min-width: 1200px) {
  main { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) minmax(0, 1.2fr); grid-template-areas: "summary chart chart" "list list detail"; }
}
@media (max-width: 800px) {
  main { grid-template-columns: minmax(0, 1fr); grid-template-areas: "summary" "chart" "list" "detail"; padding: 0.5rem; gap: 0.6rem; }
  .top .conn { margin-left: 0; width: 100%; }
}
.counts { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0.5rem; }
.counts li { border-radius: 6px; padding: 0.4rem 0.6rem; }
.counts .n { display: block; font-size: 1.5rem; font-weight: 700; }
.counts .label { font-size: 0.85rem; font-weight: 600; }
.totals { color: var(--muted); font-size: 0.9rem; margin: 0.6rem 0 0; }
figure { margin: 0; }
.chart svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.3rem; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; margin: 0.3rem 0 0; padding: 0; font-size: 0.85rem; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem; vertical-align: -0.05rem; border-radius: 2px; }
.sw-ok { background: #2e7d4f; } .sw-retry { background: #b07d00; } .sw-bad { background: #b3261e; } .sw-line { background: #0b57d0; height: 0.25rem; vertical-align: 0.2rem; }
.filters { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: flex-end; margin-bottom: 0.5rem; }
.field { display: flex; flex-direction: column; gap: 0.2rem; }
.field label { font-weight: 600; font-size: 0.9rem; }
select, input, button { font: inherit; color: var(--text); background: #fff; border: 1px solid #7b838d; border-radius: 6px; padding: 0.35rem 0.5rem; min-height: 2.25rem; }
button { cursor: pointer; background: #eef1f5; }
button:hover { background: #e1e6ec; }
.shown { color: var(--muted); font-size: 0.9rem; margin: 0 0 0.4rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 0.85rem; color: var(--muted); }
tbody tr.selected { background: #eef4ff; }
td .open { background: none; border: 0; padding: 0; min-height: 0; color: var(--accent); text-decoration: underline; font-weight: 600; text-align: left; overflow-wrap: break-word; }
.badge { display: inline-block; border-radius: 999px; padding: 0.05rem 0.55rem; font-size: 0.8rem; font-weight: 700; letter-spacing: 0.02em; }
.s-RECEIVED { background: var(--received-bg); color: var(--received); }
.s-STARTED { background: var(--started-bg); color: var(--started); }
.s-RETRY { background: var(--retry-bg); color: var(--retry); }
.s-SUCCESS { background: var(--success-bg); color: var(--success); }
.s-FAILURE { background: var(--failure-bg); color: var(--failure); }
.s-REVOKED { background: var(--revoked-bg); color: var(--revoked); }
.empty { color: var(--muted); }
@media (max-width: 800px) {
  .col-id, .col-queue, .col-retries { display: none; }
  th, td { padding: 0.35rem 0.3rem; }
  .counts { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
.detail dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25rem 0.8rem; margin: 0 0 0.8rem; }
.detail dt { font-weight: 600; color: var(--muted); }
.detail dd { margin: 0; overflow-wrap: anywhere; }
.detail h3 { font-size: 0.95rem; margin: 0.8rem 0 0.3rem; }
.detail pre { background: #f0f2f5; border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
.detail pre.tb { background: #fff4f4; border-color: #e8b4b4; }
.history { list-style: none; padding: 0; margin: 0; }
.history li { display: flex; gap: 0.6rem; align-items: baseline; flex-wrap: wrap; padding: 0.15rem 0; }
.tree, .tree ul { list-style: none; margin: 0; padding-left: 1.1rem; }
.tree { padding-left: 0; }
.tree li { margin: 0.2rem 0; }
.tree .kind { color: var(--muted); font-size: 0.85rem; }
.tree button { background: none; border: 0; min-height: 0; padding: 0; color: var(--accent); text-decoration: underline; }
.tree .current > button { font-weight: 700; color: var(--text); text-decoration: none; }
.group { border-left: 3px solid var(--line); padding-left: 0.5rem; }
.foot { color: var(--muted); font-size: 0.85rem; padding: 0 1rem 1rem; }
@media (max-width: 480px) {
  main > section { padding: 0.6rem; }
  table { font-size: 0.85rem; }
  th, td { padding: 0.3rem 0.2rem; }
  td .badge { padding: 0 0.35rem; font-size: 0.72rem; }
  .ms { display: none; }
}
`;
