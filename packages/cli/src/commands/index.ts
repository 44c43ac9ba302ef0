/** The `celery-cloud` commands by name. Adding a command is one entry here. */
/** The process streams and environment a command runs with (injectable for tests). */
export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

/** A command: its arguments after the command name, the process streams; returns the exit code. */
export type Command = (argv: string[], io: CommandIo) => Promise<number>;

/**
 * Every command, by the name typed after `celery-cloud`, loaded on first use so `decode` starts
 * without loading the emulators `dev` needs.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  beat: async () => (await import('./beat.js')).beat,
  decode: async () => (await import('./decode.js')).decode,
  dev: async () => (await import('./dev.js')).dev,
  worker: async () => (await import('./worker.js')).worker,
};
