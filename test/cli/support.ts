// Shared by the CLI tests: where things are, throwaway projects, and what a usage error must look like.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Report } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';

export const REPO = path.resolve(import.meta.dirname, '../..');
/** The demo app, relative to REPO (the cwd of most runs), as a user would type it. */
export const DEMO = 'fixtures/demo/shop-app';
/** The reviewed directive of the demo app, without its newline. */
export const DEMO_DIRECTIVE = readFileSync(path.join(REPO, DEMO, 'expected/directive.txt'), 'utf8').trim();
export const DEMO_SOURCES = DEMO_DIRECTIVE.split(' ').slice(1);
/** A project with a file that does not parse (and a good one beside it). */
export const SYNTAX_ERROR = 'fixtures/edge/syntax-error';
export const SAME_ORIGIN = 'fixtures/cli/same-origin-store';

export const ANSI = /\u001b\[/;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Like runCli, but as a terminal: both streams are TTYs. */
export function runCliOnTty(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<CliResult> {
  return runCli(args, cwd, env, true);
}

export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/**
 * A usage, config or render error: exit 2, nothing on stdout, and exactly one line on stderr
 * that names the problem, never a stack trace.
 * Returns that line.
 */
export function expectOneLineError(result: CliResult, names: RegExp): string {
  expect(result.code, `exit code; stderr:\n${result.stderr}`).toBe(2);
  expect(result.stdout).toBe('');
  const shown = lines(result.stderr);
  const problems = shown;
  expect(problems, `stderr:\n${result.stderr}`).toHaveLength(1);
  const [problem = ''] = problems;
  expect(problem).toMatch(/^csp-connect: /);
  expect(problem).toMatch(names);
  expect(problem).not.toMatch(/internal error/);
  for (const line of shown) expect(line).not.toMatch(/^\s+at\s/);
  return problem;
}

/** Runs with --format json and parses the report. */
export function parseReport(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

export { makeProject, makeTempDir, removeProjects } from '../helpers/projects.js';

/** One module that connects to one origin, enough for config tests. */
export const NEWSLETTER_SOURCE = `// Sends the sign-up form to the mailing-list provider.
const SUBSCRIBE_URL = 'https://lists.newsletter.example/v2/subscribe';

export async function subscribe(email: string): Promise<boolean> {
  const response = await fetch(SUBSCRIBE_URL, { method: 'POST', body: JSON.stringify({ email }) });
  return response.ok;
}
`;
