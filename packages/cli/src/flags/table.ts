/**
 * Flag tables: each command declares its flags once (name, argument, default, meaning, which
 * providers take it, how its value is read), and both its parser and its `--help` come from that.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '@celery-cloud/core';

/** The clouds `--provider` names. */
export const PROVIDERS = ['aws', 'azure', 'gcp'] as const;
export type Provider = (typeof PROVIDERS)[number];
export type Env = Record<string, string | undefined>;

/** What a reader sees besides the flag's own text: the environment and every flag given. */
export interface ReadContext {
  /** The flag as typed, `--batch-size`. */
  flag: string;
  env: Env;
  values: Readonly<Record<string, string | boolean | undefined>>;
}

/** How a flag is typed and read: its argument and default as help shows them, and its reader. */
export interface FlagType<V> {
  /** The argument as help shows it (`<n>`); none makes a boolean flag. */
  arg?: string;
  /** The default as help shows it. */
  default?: string;
  /** Its value from its text (`'true'` for a boolean flag given, undefined when absent). */
  read: (text: string | undefined, context: ReadContext) => V;
}

/** One flag of a command: its name without dashes, the option it sets, its meaning and providers. */
export interface Flag<K extends string = string, V = unknown> extends FlagType<V> {
  name: string;
  key: K;
  meaning: string;
  providers: readonly Provider[];
}

/**
 * A table row: `--name` sets option `key` as `type` reads it, for `providers` (default: all).
 *
 * @example
 * ```ts
 * flag('batch-size', 'batchSize', integer('<n>', 1, 32, 16), 'messages run at once', ['azure']);
 * ```
 */
export function flag<const K extends string, V, const P extends readonly Provider[] = typeof PROVIDERS>(
  name: string,
  key: K,
  type: FlagType<V>,
  meaning: string,
  providers: P = PROVIDERS as unknown as P,
): Flag<K, V> & { providers: P } {
  return { name, key, meaning, providers, ...type };
}

/** The options a table's flags give `P` (every flag's with `P` = all). */
export type OptionsOf<T extends readonly Flag[], P extends Provider | 'all' = 'all'> = {
  -readonly [F in T[number] as P extends 'all' | F['providers'][number] ? F['key'] : never]: ReturnType<
    F['read']
  >;
};

/**
 * Parse `argv` with the flags `table` gives `provider` (null: every flag): `parseArgs` in strict
 * mode, then each flag's reader in table order, the first of a key winning. Throws a
 * {@link ConfigError} naming an unknown flag and pointing to `--help`, or the reader's.
 *
 * @example
 * ```ts
 * const options = readFlags(DECODE_FLAGS, ['--transport', 'sqs'], process.env, null); // { transport: 'sqs' }
 * ```
 */
export function readFlags(
  table: readonly Flag[],
  argv: string[],
  env: Env,
  provider: Provider | null,
): Record<string, unknown> {
  const flags = table.filter((f) => provider === null || f.providers.includes(provider));
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(
      flags.map((f) => [f.name, { type: f.arg === undefined ? ('boolean' as const) : ('string' as const) }]),
    );
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    // Node's own message goes on about positional arguments; name the flag and where help is.
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message);
    throw new ConfigError(
      `${unknown ? `unknown flag ${unknown[1]}` : (error as Error).message} (see --help)`,
    );
  }
  const result: Record<string, unknown> = {};
  for (const f of flags) {
    if (Object.hasOwn(result, f.key)) continue;
    const raw = values[f.name];
    const text = raw === undefined ? undefined : String(raw);
    result[f.key] = f.read(text, { flag: `--${f.name}`, env, values });
  }
  return result;
}

/**
 * The `--provider` named in `argv` (`--provider x` or `--provider=x`), or null.
 *
 * @example
 * ```ts
 * providerOf(['--provider', 'azure', '--demo']); // 'azure'
 * ```
 */
export function providerOf(argv: readonly string[]): Provider | null {
  for (const [i, arg] of argv.entries()) {
    const name =
      arg === '--provider' ? argv[i + 1] : arg.startsWith('--provider=') ? arg.slice(11) : undefined;
    if (name !== undefined)
      return (PROVIDERS as readonly string[]).includes(name) ? (name as Provider) : null;
  }
  return null;
}

// Readers, each with the `arg` and `default` help shows for it.

/** A boolean flag. */
export const on = { read: (text: string | undefined) => text !== undefined };

/** A text, or null when absent. */
export const optional = (arg: string) => ({ arg, read: (text: string | undefined) => text ?? null });

/** A text, else the first of `envNames` set, else `fallback`. */
export function text(arg: string, fallback: string, ...envNames: string[]) {
  return {
    arg,
    default: shownDefault(fallback, envNames),
    read: (value: string | undefined, { env }: ReadContext) =>
      value ?? envNames.map((name) => env[name]).find((v) => v !== undefined) ?? fallback,
  };
}

/** An integer from `min` to `max`, else the first of `envNames` set, else `fallback`. */
export function integer(arg: string, min: number, max: number, fallback: number, ...envNames: string[]) {
  const fallbackText = text(arg, String(fallback), ...envNames);
  return {
    ...fallbackText,
    read: (value: string | undefined, context: ReadContext) =>
      integerOf(context.flag, fallbackText.read(value, context), min, max),
  };
}

/** An integer from `min` to `max`, or null when absent. */
export function optionalInteger(arg: string, min: number, max: number) {
  return {
    arg,
    read: (value: string | undefined, { flag }: ReadContext) =>
      value === undefined ? null : integerOf(flag, value, min, max),
  };
}

/** An http(s) URL without its trailing slash, or null when absent. */
export const url = {
  arg: '<url>',
  read: (value: string | undefined, { flag }: ReadContext) =>
    value === undefined ? null : httpUrl(flag, value),
};

/** One of `choices`, or null when absent. */
export function oneOf<const C extends string>(arg: string, choices: readonly C[], fallback: C) {
  return {
    arg,
    default: fallback,
    read: (value: string | undefined, { flag }: ReadContext): C | null => {
      if (value === undefined) return null;
      if ((choices as readonly string[]).includes(value)) return value as C;
      const listed = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
      throw new ConfigError(`${flag} must be ${listed}, got ${JSON.stringify(value)}`);
    },
  };
}

/** `--provider`: one of {@link PROVIDERS}, required. */
export const provider = flag(
  'provider',
  'provider',
  {
    arg: '<name>',
    read: (value): Provider => {
      if (!(PROVIDERS as readonly string[]).includes(value ?? '')) {
        throw new ConfigError('--provider aws, azure or gcp is required');
      }
      return value as Provider;
    },
  },
  'aws, azure or gcp (required)',
);

function shownDefault(fallback: string, envNames: readonly string[]): string {
  return envNames.length === 0 ? fallback : `env ${envNames.join(' or ')}, else ${fallback}`;
}

function integerOf(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * `text` when it is an http(s) URL, without its trailing slash; a {@link ConfigError} naming `flag` otherwise.
 *
 * @example
 * ```ts
 * httpUrl('--sqs-endpoint', 'http://127.0.0.1:4566/'); // 'http://127.0.0.1:4566'
 * ```
 */
export function httpUrl(flag: string, text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return text.replace(/\/$/, '');
  } catch {
    // reported below
  }
  throw new ConfigError(`${flag} must be an http(s) URL, got ${JSON.stringify(text)}`);
}

/** A flag group as help shows it: a title and each flag with its argument and meaning. */
export interface HelpGroup {
  title: string;
  flags: ReadonlyArray<readonly [flag: string, meaning: string]>;
}

/**
 * The help groups of a table: the flags every provider takes, then one group per provider.
 *
 * @example
 * ```ts
 * helpGroups(DEV_FLAGS); // [{ title: 'All providers', flags: [['--provider <name>', 'aws, azure or gcp (required)'], ...] }, ...]
 * ```
 */
export function helpGroups(table: readonly Flag[]): HelpGroup[] {
  const line = (f: Flag) =>
    [
      f.arg === undefined ? `--${f.name}` : `--${f.name} ${f.arg}`,
      f.default === undefined ? f.meaning : `${f.meaning} (default: ${f.default})`,
    ] as const;
  const every = (f: Flag) => f.providers.length === PROVIDERS.length;
  const title = table.every(every) ? 'Flags' : 'All providers';
  const groups = [{ title, flags: table.filter(every).map(line) }];
  for (const p of PROVIDERS) {
    const own = table.filter((f) => !every(f) && f.providers.includes(p));
    if (own.length > 0) groups.push({ title: `--provider ${p}`, flags: own.map(line) });
  }
  return groups;
}
