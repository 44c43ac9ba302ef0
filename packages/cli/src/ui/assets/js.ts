import { CHART_JS } from './script/chart.js';
import { COUNTS_JS } from './script/counts.js';
import { DETAIL_JS } from './script/detail.js';
import { ELEMENTS_JS } from './script/elements.js';
import { STATE_JS } from './script/state.js';
import { TASK_LIST_JS } from './script/taskList.js';
import { TASKS_JS } from './script/tasks.js';
import { WIRING_JS } from './script/wiring.js';
import { WORKFLOW_TREE_JS } from './script/workflowTree.js';

/**
 * The live view's script: plain browser JavaScript, no framework, no build step. It keeps the
 * tasks from the `/events` stream and draws counts, a chart, the filtered list and one task's
 * details. Every value from a task reaches the page through `textContent`, never as HTML.
 * Its parts live in `script/`, one file each, in the order they are joined (kept free of
 * backticks and dollar-brace so they can live in strings).
 */
export const LIVE_VIEW_JS = [
  STATE_JS,
  ELEMENTS_JS,
  TASKS_JS,
  COUNTS_JS,
  CHART_JS,
  TASK_LIST_JS,
  WORKFLOW_TREE_JS,
  DETAIL_JS,
  WIRING_JS,
].join('');
