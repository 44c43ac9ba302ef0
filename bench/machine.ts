/** What the figures were measured on. */
import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';

/**
 * A one-line description of this machine and the versions measured.
 *
 * @example
 * ```ts
 * machine(); // '2 × AMD EPYC …, 24 GB, Linux 6.1, Node v20.20.2, Python Celery 5.2.6'
 * ```
 */
export function machine(): string {
  const cpu = cpus();
  let celery = 'unknown';
  try {
    celery = execFileSync(
      '/usr/bin/python3',
      ['-c', 'import celery, kombu; print(celery.__version__, kombu.__version__)'],
      {
        encoding: 'utf8',
      },
    ).trim();
  } catch {
    celery = 'not installed';
  }
  const [celeryVersion, kombuVersion] = celery.split(' ');
  return `${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Linux ${release()}, Node ${process.version}, Python Celery ${celeryVersion} (kombu ${kombuVersion ?? '?'})`;
}
