import type { ResultMeta } from '@celery-cloud/core';
import { type GcpEmulator, hasGcpEmulators, startFirestoreEmulator } from '@celery-cloud/local/gcp';
import { hasPythonCelery, runPython } from '@celery-cloud/testkit';
import { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResultStore } from '../src/index.js';

// The backend class docs/gcp.md gives Python clients, and a stand-in for google-cloud-firestore
// (not packaged for Debian) that speaks the emulator's REST API.
const PYTHONPATH = ['../python', './fixtures/python']
  .map((dir) => new URL(dir, import.meta.url).pathname)
  .join(':');

const meta = (task_id: string, status: string, result: unknown): ResultMeta => ({
  task_id,
  status,
  result,
  traceback: null,
  children: [],
  date_done: status === 'RETRY' ? null : new Date(),
});

/** The Python client's script, reading results of `project` (one per client under test). */
const client = (project: string) => `
import json
from celery import Celery, chord, signals, signature
from celery.result import AsyncResult, GroupResult
app = Celery("client", broker="memory://", backend="celery_cloud_firestore:FirestoreBackend+firestore://${project}/celery")
published = []
signals.before_task_publish.connect(lambda sender=None, **_: published.append(sender), weak=False)
out = {"value": AsyncResult("py-ok", app=app).get(timeout=5)}
try:
    AsyncResult("py-failed", app=app).get(timeout=5)
except Exception as error:
    out["raised"] = [type(error).__name__, list(error.args)]
out["states"] = [AsyncResult(i, app=app).state for i in ("py-retry", "py-unknown")]
out["group"] = [r.id for r in GroupResult.restore("py-grp", app=app).results]
GroupResult("py-saved", [AsyncResult("s1", app=app), AsyncResult("s2", app=app)], app=app).save()
AsyncResult("py-ok", app=app).forget()
body = chord([signature("proj.add", (1, 1), app=app), signature("proj.add", (2, 2), app=app)], app=app)(
    signature("proj.tsum", app=app)
)
out["chord"] = {"group": body.parent.id, "header": [r.id for r in body.parent.results], "published": published}
print(json.dumps(out))
`;

const runs = hasGcpEmulators() && hasPythonCelery();
if (!runs) {
  console.warn(
    '\n!!! SKIPPED: Java, the gcloud Firestore emulator or Debian python3-celery is missing: the Python reader of Firestore results was not tested !!!\n',
  );
}

(runs ? describe : describe.skip)('a Python Celery client reading Firestore results (emulator)', () => {
  let emulator: GcpEmulator;
  const firestores: Firestore[] = [];
  beforeAll(async () => {
    emulator = await startFirestoreEmulator();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(firestores.map((f) => f.terminate()));
    await emulator?.stop();
  });

  /** An SDK client of the emulator, for `project`. */
  const sdkClient = (projectId: string) => {
    const firestore = new Firestore({
      projectId,
      host: emulator.host,
      ssl: false,
      customHeaders: { Authorization: 'Bearer owner' },
    });
    firestores.push(firestore);
    return firestore;
  };
  // Each client writes to a project of its own, so their fixed task ids do not meet.
  const clients = [
    [
      'the REST client',
      'celery-cloud-python-rest',
      (projectId: string) =>
        createResultStore({ env: { FIRESTORE_EMULATOR_HOST: emulator.host }, projectId }),
    ],
    [
      'the SDK',
      'celery-cloud-python-sdk',
      (projectId: string) => createResultStore({ firestore: sdkClient(projectId) }),
    ],
  ] as const;

  it.each(clients)(
    'gets values and exceptions, sees states, restores and saves groups, forgets, and applies chords for counter mode, through Celery 5.2, written by %s',
    async (_name, project, create) => {
      const store = create(project);
      await store.set(meta('py-ok', 'SUCCESS', { pages: [1, 2] }));
      await store.set(
        meta('py-failed', 'FAILURE', {
          exc_type: 'KeyError',
          exc_message: ['sheet'],
          exc_module: 'builtins',
        }),
      );
      await store.set(meta('py-retry', 'RETRY', null));
      await store.saveGroup('py-grp', [
        ['py-grp', null],
        [
          [['g1', null], null],
          [['g2', null], null],
        ],
      ]);

      const run = await runPython(client(project), {
        env: { PYTHONPATH, FIRESTORE_EMULATOR_HOST: emulator.host },
        // 2 s on an idle machine, 9 s in a full run on a loaded one: room to be slower still.
        timeoutMs: 60_000,
      });
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout);
      expect(out).toMatchObject({
        value: { pages: [1, 2] },
        raised: ['KeyError', ['sheet']],
        states: ['RETRY', 'PENDING'],
        group: ['g1', 'g2'],
      });
      // A chord saves its group record for the function's counter mode and sends no chord_unlock.
      const { group, header, published } = out.chord;
      expect(published).toEqual(['proj.add', 'proj.add']);
      expect(await store.getGroup(group)).toEqual([
        [group, null],
        header.map((id: string) => [[id, null], null]),
      ]);
      expect(await store.get('py-ok')).toBeNull();
      expect(await store.getGroup('py-saved')).toEqual([
        ['py-saved', null],
        [
          [['s1', null], null],
          [['s2', null], null],
        ],
      ]);
      const saved = await sdkClient(project).collection('celery').doc('celery-taskset-meta-py-saved').get();
      expect(saved.get('expires_at').toMillis()).toBeGreaterThan(Date.now());
    },
    90_000,
  );
});
