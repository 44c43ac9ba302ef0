import type { CeleryClientConfig } from '@celery-cloud/local/aws';

/**
 * The human-readable form: a Python snippet to paste into a Celery app, then the environment of
 * the TypeScript side.
 *
 * @example
 * ```ts
 * stdout.write(formatClientConfig(config));
 * ```
 */
export function formatClientConfig(config: CeleryClientConfig): string {
  const python = [
    'from celery import Celery',
    '',
    `app = Celery('client', broker=${JSON.stringify(config.broker_url)}, backend=${JSON.stringify(config.backend_url)})`,
    // JSON without true/false/null is a valid Python literal.
    'app.conf.broker_transport_options = ' + JSON.stringify(config.transport_options),
    `app.conf.task_default_queue = ${JSON.stringify(config.queue)}`,
  ];
  const env = Object.entries(config.env).map(([name, value]) => `${name}=${shellWord(value)}`);
  return [
    'Python Celery client configuration:',
    '',
    ...python.map((line) => `    ${line}`),
    '',
    'Handler environment (TypeScript side):',
    '',
    ...env.map((line) => `    ${line}`),
    '',
  ].join('\n');
}

function shellWord(text: string): string {
  return /^[\w@%+=:,./-]*$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
