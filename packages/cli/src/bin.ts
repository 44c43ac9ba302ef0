#!/usr/bin/env node
import { createRequire } from 'node:module';
import { COMMANDS } from './commands/index.js';
import { HELP, renderHelp, renderOverview } from './help.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
const [name, ...argv] = process.argv.slice(2);
const wantsHelp = (args: readonly string[]) => args.includes('--help') || args.includes('-h');
const known = <T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined =>
  key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
const load = known(COMMANDS, name);
const commandHelp = known(HELP, name);

if (name === '--version' || name === '-v') {
  process.stdout.write(`${version}\n`);
} else if (name === undefined || wantsHelp([name]) || name === 'help') {
  const topic = name === 'help' ? argv[0] : undefined;
  const help = known(HELP, topic);
  process.stdout.write(
    topic === undefined || help === undefined ? renderOverview(version) : renderHelp(topic, help),
  );
  // Bare `celery-cloud` is a usage error; asking for help is not.
  process.exitCode = name === undefined ? 2 : 0;
} else if (load === undefined) {
  process.stderr.write(`celery-cloud: unknown command ${JSON.stringify(name)}: see celery-cloud --help\n`);
  process.exitCode = 2;
} else if (wantsHelp(argv) && commandHelp) {
  process.stdout.write(renderHelp(name, commandHelp));
} else {
  const command = await load();
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
  process.exitCode = await command(argv, io);
  // dev and worker have stopped everything they started by now; SDK clients the handler built
  // (gRPC channels, keep-alive sockets) would otherwise keep the process alive after a stop.
  if (name === 'dev' || name === 'worker') process.exit();
}
