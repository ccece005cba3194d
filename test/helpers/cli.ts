import { main } from '../../src/cli.js';
import type { Report } from '../../src/types.js';

/**
 * Tests run without the scan cache (it would write node_modules/.cache/ into the fixtures and
 * make reports depend on earlier runs), unless a test asks for it with a cache flag.
 */
export function withoutCache(args: readonly string[]): string[] {
  // In front, so that it never becomes the value of a flag a test leaves without one.
  return args.some((a) => a === '--no-cache' || a === '--cache-location')
    ? [...args]
    : ['--no-cache', ...args];
}

/**
 * Runs the CLI in-process with captured output, as a pipe (no TTY, the default) or a terminal
 * (`tty`: both streams are TTYs) would see it.
 */
export async function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  tty = false,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(withoutCache(args), {
    cwd,
    env,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    write(stream, text) {
      if (stream === 'stdout') stdout += text;
      else stderr += text;
    },
  });
  return { code, stdout, stderr };
}

/** `file:line sink source` per finding, the format of expected/findings.txt. */
export function findingLines(report: Report): string {
  const lines = report.findings.map(
    (f) => `${f.location.file}:${f.location.line} ${f.sink} ${f.source ?? 'UNRESOLVED'}`,
  );
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export function diagnosticLines(report: Report): string {
  const lines = report.diagnostics.map(
    (d) => `${d.location ? `${d.location.file}:${d.location.line}` : '-'} ${d.code}`,
  );
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
