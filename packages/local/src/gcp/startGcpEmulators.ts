/**
 * The gcloud SDK's Firestore and Pub/Sub emulators (Java), on 127.0.0.1 for local runs and tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { onFreeLoopbackPorts, waitForListening } from '../loopbackPort.js';
import { ownChild } from '../ownChild.js';

/** A running emulator: `host` is what `FIRESTORE_EMULATOR_HOST` / `PUBSUB_EMULATOR_HOST` take. */
export interface GcpEmulator {
  host: string;
  stop(): Promise<void>;
}

const SDK_ROOTS = ['/usr/lib/google-cloud-sdk', '/usr/share/google-cloud-sdk', '/opt/google-cloud-sdk'];

/** Where an executable is on PATH, links resolved. */
function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const file = join(dir, name);
    if (dir && existsSync(file)) return realpathSync(file);
  }
  return null;
}

/**
 * The gcloud SDK root: `CLOUDSDK_ROOT_DIR`, the usual install places, else the parent of the
 * `bin/` holding the `gcloud` on PATH. What `gcloud info` would say, without running gcloud.
 */
function sdkRoot(): string | null {
  const gcloud = onPath('gcloud');
  const candidates = [process.env.CLOUDSDK_ROOT_DIR, ...SDK_ROOTS, gcloud && dirname(dirname(gcloud))];
  return candidates.find((root) => root && existsSync(join(root, 'platform'))) ?? null;
}

function firestoreJar(): string | null {
  const root = sdkRoot();
  const jar = root && join(root, 'platform/cloud-firestore-emulator/cloud-firestore-emulator.jar');
  return jar && existsSync(jar) ? jar : null;
}

function pubsubJar(): string | null {
  const root = sdkRoot();
  const lib = root && join(root, 'platform/pubsub-emulator/lib');
  if (!lib || !existsSync(lib)) return null;
  const jar = readdirSync(lib).find((name) => /^cloud-pubsub-emulator-.*\.jar$/.test(name));
  return jar ? join(lib, jar) : null;
}

function hasJava(): boolean {
  return onPath('java') !== null;
}

/**
 * True when Java and both emulator jars of the gcloud SDK are on this machine.
 *
 * @example
 * ```ts
 * const gcp = hasGcpEmulators() ? describe : describe.skip;
 * ```
 */
export function hasGcpEmulators(): boolean {
  return hasJava() && firestoreJar() !== null && pubsubJar() !== null;
}

async function started(child: ChildProcess, port: number, name: string): Promise<GcpEmulator> {
  const stop = ownChild(child);
  try {
    await waitForListening(port, child, {
      what: `the ${name} emulator`,
      deadline: Date.now() + 30_000,
      pollMs: 100,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { host: `127.0.0.1:${port}`, stop };
}

/**
 * Start the Firestore emulator on a free port of 127.0.0.1, or on `port` (with `port + 1` and
 * `port + 2` for its websocket and webchannel servers).
 *
 * @example
 * ```ts
 * const firestore = await startFirestoreEmulator();
 * process.env.FIRESTORE_EMULATOR_HOST = firestore.host;
 * ```
 */
export async function startFirestoreEmulator(options: { port?: number } = {}): Promise<GcpEmulator> {
  const jar = firestoreJar();
  if (!jar) throw new Error('the gcloud Firestore emulator jar is not installed');
  const launch = (port: number, websocket: number, webchannel: number) => {
    const child = spawn(
      'java',
      [
        '-cp',
        jar,
        'com.google.cloud.datastore.emulator.firestore.CloudFirestore',
        'start',
        '--host=127.0.0.1',
        `--port=${port}`,
        `--websocket_port=${websocket}`,
        `--webchannel_port=${webchannel}`,
      ],
      { stdio: 'ignore' },
    );
    return started(child, port, 'Firestore');
  };
  const given = options.port;
  return given === undefined
    ? onFreeLoopbackPorts(3, ([port, websocket, webchannel]) => launch(port, websocket, webchannel))
    : launch(given, given + 1, given + 2);
}

/**
 * Start the Pub/Sub emulator on a free port of 127.0.0.1, or on `port`.
 *
 * @example
 * ```ts
 * const pubsub = await startPubSubEmulator();
 * const client = new PubSub({ apiEndpoint: pubsub.host, projectId: 'local' });
 * ```
 */
export async function startPubSubEmulator(options: { port?: number } = {}): Promise<GcpEmulator> {
  const jar = pubsubJar();
  if (!jar) throw new Error('the gcloud Pub/Sub emulator jar is not installed');
  const launch = (port: number) => {
    const child = spawn('java', ['-jar', jar, '--host=127.0.0.1', `--port=${port}`], { stdio: 'ignore' });
    return started(child, port, 'Pub/Sub');
  };
  return options.port === undefined ? onFreeLoopbackPorts(1, ([port]) => launch(port)) : launch(options.port);
}
