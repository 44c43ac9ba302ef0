#!/usr/bin/env node
import { COMMANDS } from './commands/index.js';

const [name, ...argv] = process.argv.slice(2);
const load = name === undefined ? undefined : COMMANDS[name];
if (load === undefined) {
  process.stderr.write(`usage: celery-cloud <${Object.keys(COMMANDS).join('|')}> [options]\n`);
  process.exitCode = 2;
} else {
  const command = await load();
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
  process.exitCode = await command(argv, io);
}
