/**
 * Part of the live view's script (joined in `../js.ts`): its opening and its state: the tasks kept,
 * the chart's buckets, the selection, the filters.
 */
export const STATE_JS = String.raw`(function () {
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

`;
