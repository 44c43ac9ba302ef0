/**
 * `pnpm bench` (full, a few minutes) and `pnpm bench --quick` (about a minute): every figure
 * measured side by side with its comparator in this one run, written to bench/RESULTS.md.
 * `--only=1,5` measures those figures alone and prints their rows instead of writing the page.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  PRICES,
  controlledCostPerMillion,
  costPerMillion,
  measureBilledDurations,
  sqsRequestsPerTask,
} from './bill.js';
import { benchColdStart, benchOtherColdStarts } from './coldStart.js';
import { benchDecode } from './decode.js';
import { benchEndToEnd } from './endToEnd.js';
import { sampleLoad } from './load.js';
import { machine } from './machine.js';
import { benchMemory } from './memory.js';
import { NOTES } from './notes.js';
import { type Row, renderResults } from './report.js';
import { benchBatchLatency, benchRunnerOverhead } from './runner.js';
import { type Summary, summarize } from './stats.js';
import { benchStoreTrips } from './storeTrips.js';
import { benchWorker } from './worker.js';

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',').map(Number)) : null;
/** Whether figure `n` is measured in this run. */
const want = (n: number) => only === null || only.has(n);
const RUNS = 5;
const rows: Row[] = [];
const fixed = (n: number): Summary => ({ min: n, median: n, max: n });
let trips: Awaited<ReturnType<typeof benchStoreTrips>> | undefined;
/** Figure 4's counts, measured once: figure 9 prices them too. */
const storeTrips = async () => {
  trips ??= await benchStoreTrips({ tasks: quick ? 50 : 200 });
  return trips;
};
const step = (name: string) => console.log(`bench: ${name}`);
const load = sampleLoad();

if (want(1)) {
  step('1 decode');
  for (const f of await benchDecode({ runs: RUNS, quick })) {
    rows.push(
      {
        figure: `1. decode ${f.name} (~${f.bytes} B SQS body), µs/message`,
        ours: f.ours,
        comparator: 'Python Celery 5.2',
        theirs: f.python,
        target: '≥ 2× faster',
        better: 'lower',
      },
      {
        figure: `1. decode ${f.name}, against the floor (base64 + JSON.parse ×2)`,
        ours: f.ours,
        comparator: 'floor',
        theirs: f.floor,
        target: '≥ 0.7 of the floor',
        better: 'lower',
      },
    );
  }
}

if (want(2)) {
  step('2 runner overhead');
  const overhead = await benchRunnerOverhead({ runs: RUNS, quick });
  rows.push({
    figure: `2. runner overhead per trivial task, µs (${overhead.tasks} tasks, send included)`,
    ours: overhead.ours,
    comparator: 'Celery 5.2 worker in process (solo, memory://)',
    theirs: overhead.celery,
    target: '≥ 10× fewer µs',
    better: 'lower',
  });
}

if (want(3)) {
  step('3 batch latency');
  const latency = await benchBatchLatency({ runs: RUNS });
  rows.push(
    {
      figure: '3. batch of 10 × 100 ms remote calls, ms',
      ours: latency.batch,
      comparator: 'one task alone',
      theirs: latency.one,
      target: '≤ 1.3× one task',
      better: 'lower',
    },
    {
      figure: '3. batch of 10 × 100 ms remote calls, ms',
      ours: latency.batch,
      comparator: 'one at a time',
      theirs: latency.sequential,
      target: '≥ 7× faster',
      better: 'lower',
    },
  );
}

if (want(4)) {
  step('4 store round trips');
  const trips = await storeTrips();
  rows.push(
    {
      figure: '4. store writes per task (happy path)',
      ours: fixed(trips.plain.writes),
      comparator: 'Python runner we replace (stated: put, get, update)',
      theirs: fixed(2),
      target: '1 write',
      better: 'lower',
    },
    {
      figure: '4. store reads per task (happy path)',
      ours: fixed(trips.plain.reads),
      comparator: 'Python runner we replace (stated)',
      theirs: fixed(1),
      target: '0 reads',
      better: 'lower',
    },
    {
      figure: '4. store writes per task with STARTED tracking',
      ours: fixed(trips.trackStarted.writes),
      comparator: '-',
      theirs: null,
      target: '2 writes',
      better: 'lower',
    },
  );
}

if (want(5)) {
  step('5 cold start');
  const cold = benchColdStart({ runs: RUNS });
  rows.push(
    {
      figure: '5. cold start: import of the AWS handler, ms',
      ours: cold.bundled,
      comparator: 'the same handler unbundled',
      theirs: cold.unbundled,
      target: '< 80 ms',
      better: 'lower',
    },
    {
      figure: '5. cold start: import of the AWS handler, ms',
      ours: cold.bundled,
      comparator: 'built with AWS_SDK=runtime, the SDK loaded from node_modules',
      theirs: cold.runtimeSdk,
      target: '< 80 ms',
      better: 'lower',
    },
    {
      figure: '5. size of the AWS handler loaded at cold start (entry + static chunks), MB',
      ours: fixed(cold.bundleBytes / 1e6),
      comparator: 'unbundled (compiled packages + SDK packages)',
      theirs: fixed(cold.unbundledBytes / 1e6),
      target: '< 0.6 MB',
      better: 'lower',
    },
    {
      figure: '5. size of the AWS handler loaded at cold start (entry + static chunks), MB',
      ours: fixed(cold.bundleBytes / 1e6),
      comparator: 'built with AWS_SDK=runtime (the SDK not counted)',
      theirs: fixed(cold.runtimeSdkBytes / 1e6),
      target: '< 0.6 MB',
      better: 'lower',
    },
  );
  for (const other of benchOtherColdStarts({ runs: RUNS })) {
    rows.push(
      {
        figure: `5. cold start: import of the ${other.name} function bundle, ms`,
        ours: other.importMs,
        comparator: '-',
        theirs: null,
        target: '< 80 ms',
        better: 'lower',
      },
      {
        figure: `5. size of the ${other.name} function loaded at cold start (entry + static chunks), MB`,
        ours: fixed(other.bytes / 1e6),
        comparator: '-',
        theirs: null,
        target: '< 0.6 MB',
        better: 'lower',
      },
    );
  }
}

if (want(6)) {
  step('6 end to end');
  const e2eTasks = quick ? 200 : 2000;
  const ours: number[] = [];
  const celery: number[] = [];
  // Its spread is the widest: the full run takes more runs for a steadier median.
  const e2eRuns = quick ? RUNS : 9;
  for (let run = 0; run < e2eRuns; run++) {
    const r = await benchEndToEnd({ tasks: e2eTasks, concurrency: 4 });
    ours.push(r.ours);
    celery.push(r.celery);
    step(`6 end to end run ${run + 1}: ours ${r.ours.toFixed(0)}/s, Celery ${r.celery.toFixed(0)}/s`);
  }
  rows.push({
    figure: `6. end to end on the local AWS stack, tasks/s (${e2eTasks} tasks, concurrency 4, ${e2eRuns} runs)`,
    ours: summarize(ours),
    comparator: 'Celery 5.2 worker (prefork -c 4), same emulators',
    theirs: summarize(celery),
    target: '≥ 3× the worker',
    better: 'higher',
  });
  rows.push({
    figure: '6. end to end, ours ÷ Celery within each run',
    ours: summarize(ours.map((n, i) => n / (celery[i] ?? Number.NaN))),
    comparator: '-',
    theirs: null,
    target: '≥ 3× in every run',
    better: 'higher',
  });
}

if (want(7)) {
  step('7 memory');
  const memory = await benchMemory({ runs: RUNS });
  rows.push({
    figure: '7. peak RSS, batch of 10 × 200 KB messages, MB',
    ours: memory.peak,
    comparator: `none (the process holds ${memory.loaded.median.toFixed(0)} MB after loading the code)`,
    theirs: null,
    target: '< 100 MB',
    better: 'lower',
  });
}

if (want(8)) {
  step('8 container worker');
  const workerTasks = quick ? 300 : 1000;
  const workerRuns = {
    ours: [] as number[],
    celery: [] as number[],
    oursCpu: [] as number[],
    celeryCpu: [] as number[],
  };
  for (let run = 0; run < RUNS; run++) {
    const r = await benchWorker({ tasks: workerTasks, concurrency: 4 });
    workerRuns.ours.push(r.ours.rate);
    workerRuns.celery.push(r.celery.rate);
    workerRuns.oursCpu.push(r.ours.perCpuSecond);
    workerRuns.celeryCpu.push(r.celery.perCpuSecond);
    step(`8 worker run ${run + 1}: ours ${r.ours.rate.toFixed(0)}/s, Celery ${r.celery.rate.toFixed(0)}/s`);
  }
  rows.push(
    {
      figure: `8. container worker (celery-cloud worker --provider aws), tasks/s (${workerTasks} tasks, concurrency 4)`,
      ours: summarize(workerRuns.ours),
      comparator: 'Celery 5.2 worker (prefork -c 4), same queue, store and 1 s long poll',
      theirs: summarize(workerRuns.celery),
      target: '≥ 3× the worker',
      better: 'higher',
    },
    {
      figure: '8. container worker, tasks per CPU-second (whole process tree)',
      ours: summarize(workerRuns.oursCpu),
      comparator: 'Celery 5.2 worker (prefork -c 4)',
      theirs: summarize(workerRuns.celeryCpu),
      target: '≥ 3× the worker',
      better: 'higher',
    },
  );
}

if (want(9)) {
  step('9 the bill');
  const { plain } = await storeTrips();
  const billed = await measureBilledDurations({ runs: RUNS, invocations: quick ? 10 : 40 });
  const billRow = (memoryMb: number, batch: 10 | 1, price: typeof costPerMillion, what: string) => {
    const key = batch === 10 ? 'batch10' : 'single';
    const cost = (ms: number[], writes: number, reads: number) =>
      summarize(
        ms.map((m) =>
          price({
            batchSize: batch,
            billedMsPerInvocation: m,
            memoryMb,
            sqsRequestsPerTask: sqsRequestsPerTask(batch),
            writesPerTask: writes,
            readsPerTask: reads,
          }),
        ),
      );
    return {
      figure: `9. ${what} of 1M trivial tasks on Lambda arm64 ${memoryMb} MB, ${batch === 10 ? 'batches of 10' : 'one message per invocation'}, USD (list prices of ${PRICES.asOf})`,
      ours: cost(billed.ours[key], plain.writes, plain.reads),
      comparator: 'Python celery-cloud package, modelled (sequential; put, get, update per task)',
      theirs: cost(billed.python[key], 2, 1),
      target: '≤ 1/5 of it',
      better: 'lower' as const,
    };
  };
  const templateMb = Number(
    /MemorySize:\s*(\d+)/.exec(
      readFileSync(new URL('../apps/aws-lambda/template.yaml', import.meta.url), 'utf8'),
    )?.[1] ?? 512,
  );
  rows.push(
    billRow(128, 10, costPerMillion, 'cost'),
    billRow(templateMb, 10, costPerMillion, 'cost'),
    billRow(128, 1, costPerMillion, 'cost'),
    billRow(
      128,
      10,
      controlledCostPerMillion,
      'cost we control (store + compute; no SQS or Lambda request charges)',
    ),
  );
  rows.push({
    figure: '9. billed ms per invocation of 10 messages (each rounded up to 1 ms)',
    ours: summarize(billed.ours.batch10),
    comparator: 'Python celery-cloud package, modelled (its 30 store calls, in sequence)',
    theirs: summarize(billed.python.batch10),
    target: '-',
    better: 'lower',
  });
}

const page = renderResults({
  rows,
  notes: only === null ? [...load.note(), ...NOTES] : [],
  machine: machine(),
  mode: quick ? 'quick' : 'full',
  runs: RUNS,
});
if (only === null) {
  const file = new URL('./RESULTS.md', import.meta.url);
  writeFileSync(file, page);
  console.log(`bench: wrote ${file.pathname}`);
} else console.log(page);
