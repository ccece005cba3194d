#!/usr/bin/env node
// The installed entry point: compiled code lives in dist/ (built by `npm run build`, run by
// `prepare`). The command line runs from dist/cli.bundle.js, dist/cli.js and what it imports in one
// file: Node's ES module loader took about 100 ms to load the 120 modules one by one, against
// about 40 ms for the one file, on every run of a pre-commit hook.
import { main } from '../dist/cli.bundle.js';

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
