/**
 * Figure 1: decoding SQS bodies — our codec, Python Celery 5.2's own decoding, and the floor
 * (base64 + JSON.parse of the two layers alone).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VECTORS_DIR } from '../packages/testkit/src/goldenVectors.js';
import { importBundled } from './bundle.js';
import { pythonSession } from './python.js';
import { type Summary, microsPerCall, summarize } from './stats.js';

const VECTORS = join(VECTORS_DIR, 'messages/sqs/');
const DECODE_PY = new URL('./decode.py', import.meta.url).pathname;
/** Untimed passes over the bodies before Python's first slice. */
const PYTHON_WARMUP = 50;
/**
 * Each run is this many slices of ours, the floor and Python Celery in turn, so that a slow spell
 * of the machine (seconds long here) falls on all three alike.
 */
const SLICES = 10;

/** One payload set's figures, µs per message. */
export interface DecodeFigures {
  name: string;
  bytes: number;
  ours: Summary;
  python: Summary;
  floor: Summary;
}

function readVectorBodies(parseKombuJson: (text: string) => unknown): string[] {
  const bodies: string[] = [];
  for (const version of readdirSync(VECTORS)) {
    for (const file of readdirSync(join(VECTORS, version))) {
      const vector = parseKombuJson(readFileSync(join(VECTORS, version, file), 'utf8')) as { raw: unknown };
      // JSON bodies in base64 SQS wrapping: what both sides decode the same way.
      const raw = vector.raw;
      if (typeof raw !== 'string' || raw.startsWith('{')) continue;
      const envelope = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
      if (envelope['content-type'] !== 'application/json' || envelope.headers?.compression) continue;
      if (envelope.properties?.body_encoding !== 'base64' || !envelope.headers?.task) continue;
      // The floor is plain JSON.parse, which refuses kombu's NaN/Infinity tokens.
      if (/\b(NaN|Infinity)\b/.test(Buffer.from(envelope.body, 'base64').toString('utf8'))) continue;
      bodies.push(raw);
    }
  }
  return bodies;
}

function floor(body: string): unknown {
  const envelope = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
  return JSON.parse(Buffer.from(envelope.body, 'base64').toString('utf8'));
}

/**
 * Measure every payload set `runs` times.
 *
 * @example
 * ```ts
 * const figures = await benchDecode({ runs: 5, quick: true });
 * ```
 */
export async function benchDecode(options: { runs: number; quick: boolean }): Promise<DecodeFigures[]> {
  const { decodeMessage, encodeTaskMessage, parseKombuJson, wrapForTransport } = await importBundled<
    typeof import('../packages/core/src/index.js')
  >('packages/core/src/index.ts', 'core');
  const vectorBodies = () => readVectorBodies(parseKombuJson);
  const synthetic = (size: number) => {
    const filler = 'x'.repeat(Math.max(0, size - 600));
    const init = {
      id: '5a1b2c3d-0000-4000-8000-000000000001',
      task: 'proj.add',
      args: [filler, 2],
      kwargs: { k: 1 },
    };
    return wrapForTransport(encodeTaskMessage(init), 'sqs');
  };
  const sets: Array<{ name: string; bodies: string[]; iterations: number }> = [
    { name: 'message vectors', bodies: vectorBodies(), iterations: options.quick ? 200 : 1000 },
    { name: 'synthetic 1 KB', bodies: [synthetic(1024)], iterations: options.quick ? 5000 : 20_000 },
    { name: 'synthetic 10 KB', bodies: [synthetic(10 * 1024)], iterations: options.quick ? 2000 : 10_000 },
    { name: 'synthetic 200 KB', bodies: [synthetic(200 * 1024)], iterations: options.quick ? 100 : 500 },
  ];
  const figures: DecodeFigures[] = [];
  for (const set of sets) {
    const perMessage = (fn: (body: string) => unknown) => () => {
      for (const body of set.bodies) fn(body);
    };
    const time = (fn: (body: string) => unknown, iterations: number) =>
      microsPerCall(perMessage(fn), iterations) / set.bodies.length;
    const ours = (body: string) => decodeMessage('sqs', body);
    const slice = Math.ceil(set.iterations / SLICES);
    const session = pythonSession(DECODE_PY);
    const oursRuns: number[] = [];
    const floorRuns: number[] = [];
    const pythonRuns: number[] = [];
    try {
      const ready = await session.ask(JSON.stringify({ bodies: set.bodies, warmup: PYTHON_WARMUP }));
      if (ready !== 'ready') throw new Error(`decode.py answered ${JSON.stringify(ready)}, not ready`);
      time(ours, set.iterations);
      time(floor, set.iterations);
      for (let run = 0; run < options.runs; run++) {
        let [o, f, p] = [0, 0, 0];
        for (let k = 0; k < SLICES; k++) {
          // Ours and the floor take turns coming first after Python's slice.
          if (k % 2 === 0) {
            o += time(ours, slice);
            f += time(floor, slice);
          } else {
            f += time(floor, slice);
            o += time(ours, slice);
          }
          p += Number(await session.ask(String(slice))) / (slice * set.bodies.length);
        }
        oursRuns.push(o / SLICES);
        floorRuns.push(f / SLICES);
        pythonRuns.push(p / SLICES);
      }
    } finally {
      await session.close();
    }
    figures.push({
      name: set.name,
      bytes: Math.round(set.bodies.reduce((n, b) => n + b.length, 0) / set.bodies.length),
      ours: summarize(oursRuns),
      python: summarize(pythonRuns),
      floor: summarize(floorRuns),
    });
  }
  return figures;
}
