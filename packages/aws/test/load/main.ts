/**
 * `pnpm test:load`: 10,000 tasks with 5% injected faults; prints the report and writes
 * docs/load-test.md. Options: `--tasks N`, `--fault-rate R`.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { runLoad } from './loadHarness.js';

const { values } = parseArgs({
  options: { tasks: { type: 'string', default: '10000' }, 'fault-rate': { type: 'string', default: '0.05' } },
});
const tasks = Number(values.tasks);
const faultRate = Number(values['fault-rate']);
const report = await runLoad({ tasks, faultRate, timeoutMs: 20 * 60_000 });
console.log(JSON.stringify(report, null, 2));

const rows: Array<[string, string | number]> = [
  ['sent', report.sent],
  [
    'with an injected fault',
    `${Object.values(report.faulty).reduce((a, b) => a + b, 0)} (${Object.entries(report.faulty)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')})`,
  ],
  ['completed (final state stored)', report.completed],
  ['retried, then succeeded', report.retried],
  ['dead-lettered poison messages (FAILURE stored first)', report.deadLettered],
  [
    'dead-lettered after completing (their batch crashed past maxReceiveCount)',
    report.deadLetteredAfterCompleting,
  ],
  ['lost', report.lost],
  ['run again after SUCCESS was stored', report.ranAfterSuccess],
  ['run more than once (retries, failed result writes, poison redeliveries)', report.ranMoreThanOnce],
  [
    'duration',
    `${report.seconds.toFixed(1)} s (${(report.sent / report.seconds).toFixed(0)} tasks/s, emulators included)`,
  ],
];
const page = `# Load test report

\`pnpm test:load\` sends ${report.sent.toLocaleString('en')} tasks through the local AWS stack (the SQS
emulator, the event source mapping, the Lambda handler, the DynamoDB emulator) with faults
injected into ${(faultRate * 100).toFixed(0)}% of them, in four kinds of equal share:

- \`retry\`: the task asks for a retry once (\`countdown=1\`), then succeeds;
- \`store-fails-once\`: the first write of its result fails, so the message is redelivered and the
  task runs again;
- \`crash-after-batch\`: the function dies after running the batch the message is in, before
  answering: the whole batch is delivered again;
- \`poison\`: its result can never be stored; after \`maxReceiveCount\` (3) deliveries a FAILURE
  \`DeadLetteredError\` is stored and the message goes to the dead-letter queue.

| figure | value |
| --- | --- |
${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}

Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}.
A smaller run (400 tasks) is part of \`pnpm test\` (\`packages/aws/test/load.test.ts\`) and asserts
that none is lost and none runs again after its SUCCESS is stored.
`;
writeFileSync(new URL('../../../../docs/load-test.md', import.meta.url), page);
