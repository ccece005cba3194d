#!/usr/bin/env node
// The installed entry point: compiled code lives in dist/ (built by `npm run build`, run by `prepare`).
import { main } from '../dist/cli.js';

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  write(stream, text) {
    (stream === 'stdout' ? process.stdout : process.stderr).write(text);
  },
});
process.exitCode = code;
