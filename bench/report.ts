/** bench/RESULTS.md from the measured rows. */
import type { Summary } from './stats.js';

/** One figure and its comparator, measured in the same run. */
export interface Row {
  figure: string;
  ours: Summary;
  comparator: string;
  theirs: Summary | null;
  target: string;
  better: 'lower' | 'higher';
}

const num = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const cell = (s: Summary) => `${num(s.min)} / **${num(s.median)}** / ${num(s.max)}`;

/** How many times better ours is, by medians (> 1 is better). */
function ratio(row: Row): string {
  if (!row.theirs || row.ours.median === 0 || row.theirs.median === 0) return '-';
  const r =
    row.better === 'lower' ? row.theirs.median / row.ours.median : row.ours.median / row.theirs.median;
  return `${r.toFixed(2)}×`;
}

/**
 * Render the results page.
 *
 * @example
 * ```ts
 * writeFileSync('bench/RESULTS.md', renderResults({ rows, notes, machine: machine(), mode: 'full', runs: 5 }));
 * ```
 */
export function renderResults(options: {
  rows: Row[];
  notes: readonly string[];
  machine: string;
  mode: string;
  runs: number;
}): string {
  const lines = [
    '# Benchmark results',
    '',
    `\`pnpm bench${options.mode === 'quick' ? ' --quick' : ''}\`, ${new Date().toISOString().slice(0, 16)}Z, ${options.mode} run.`,
    '',
    `Machine: ${options.machine}.`,
    '',
    `Each cell is min / **median** / max over ${options.runs} runs, ours and the comparator measured side by side`,
    'in this one run. "Ratio" is how many times better ours is, by medians (above 1 is better).',
    '',
    '| figure | ours | comparator | comparator figure | ratio | target |',
    '| --- | --- | --- | --- | --- | --- |',
    ...options.rows.map(
      (r) =>
        `| ${r.figure} | ${cell(r.ours)} | ${r.comparator} | ${r.theirs ? cell(r.theirs) : '-'} | ${ratio(r)} | ${r.target} |`,
    ),
    '',
    '## Notes',
    '',
    ...options.notes,
    '',
  ];
  return lines.join('\n');
}
