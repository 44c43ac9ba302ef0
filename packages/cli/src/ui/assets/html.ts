/** The live view's page; `{{title}}` is replaced (HTML-escaped) by the server. */
export const LIVE_VIEW_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Live view · {{title}}</title>
<link rel="stylesheet" href="/app.css">
</head>
<body>
<a class="skip" href="#tasks-heading">Skip to tasks</a>
<header class="top">
  <h1>celery-cloud live view</h1>
  <p class="sub">{{title}}</p>
  <p class="conn" id="connection" role="status">connecting…</p>
</header>
<main>
  <section class="summary" aria-labelledby="counts-heading">
    <h2 id="counts-heading">Tasks by state</h2>
    <ul class="counts" id="counts" aria-live="polite" aria-atomic="true"></ul>
    <p class="totals" id="totals"></p>
  </section>
  <section class="chart-box" aria-labelledby="chart-heading">
    <h2 id="chart-heading">Throughput and runtime, last 2 minutes</h2>
    <figure>
      <div id="chart" class="chart"></div>
      <ul class="legend" aria-hidden="true">
        <li><span class="swatch sw-ok"></span>succeeded</li>
        <li><span class="swatch sw-retry"></span>retried</li>
        <li><span class="swatch sw-bad"></span>failed or revoked</li>
        <li><span class="swatch sw-line"></span>mean runtime</li>
      </ul>
      <figcaption id="chart-caption"></figcaption>
    </figure>
  </section>
  <section class="list" aria-labelledby="tasks-heading">
    <h2 id="tasks-heading" tabindex="-1">Tasks</h2>
    <form class="filters" id="filters" role="search" aria-label="Filter tasks">
      <div class="field">
        <label for="filter-state">State</label>
        <select id="filter-state" name="state">
          <option value="">All states</option>
          <option>RECEIVED</option>
          <option>STARTED</option>
          <option>RETRY</option>
          <option>SUCCESS</option>
          <option>FAILURE</option>
          <option>REVOKED</option>
        </select>
      </div>
      <div class="field">
        <label for="filter-name">Task name</label>
        <input id="filter-name" name="name" type="search" list="task-names" autocomplete="off" placeholder="e.g. tasks.add">
        <datalist id="task-names"></datalist>
      </div>
      <button type="reset" id="filter-clear">Clear filters</button>
    </form>
    <p class="shown" id="shown" aria-live="polite"></p>
    <div class="table-wrap">
      <table id="task-table">
        <caption class="visually-hidden">Tasks, newest first; choose a task name to see its details</caption>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">State</th>
            <th scope="col">Task</th>
            <th scope="col" class="col-id">Id</th>
            <th scope="col" class="col-queue">Queue</th>
            <th scope="col" class="col-retries">Retries</th>
            <th scope="col">Runtime</th>
          </tr>
        </thead>
        <tbody id="task-rows"></tbody>
      </table>
    </div>
    <p class="empty" id="empty" hidden>No task yet: send one from a Celery client.</p>
  </section>
  <section class="detail" id="detail" aria-labelledby="detail-heading" hidden>
    <h2 id="detail-heading" tabindex="-1">Task</h2>
    <div id="detail-body"></div>
  </section>
</main>
<footer class="foot"><p>Served by <code>celery-cloud dev --ui</code> on 127.0.0.1; keeps the last <span id="max-tasks">1000</span> tasks in memory.</p></footer>
<script src="/app.js" defer></script>
</body>
</html>
`;
