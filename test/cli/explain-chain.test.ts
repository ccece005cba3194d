// explain shows the chain a value took across modules, env files and wrappers, definition first.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO } from './support.js';

function chain(stdout: string, header: string): string[] {
  const block = stdout.split('\n\n').find((b) => b.startsWith(header)) ?? '';
  return block
    .split('\n')
    .filter((line) => /^\s+\d+\. /.test(line))
    .map((line) => line.trim().replace(/^\d+\. /, ''));
}

describe('explain: value chains', () => {
  it('from an env file through a config object and an import to the sink', async () => {
    const { stdout, code } = await runCli(
      ['explain', 'https://api.shop.example', 'fixtures/modes/vite-shop'],
      REPO,
    );
    expect(code).toBe(0);
    expect(chain(stdout, 'src/api/orders.ts:4:16')).toEqual([
      '.env.production:1:1  VITE_API_URL (import.meta.env, mode production)',
      'src/config.ts:2:14  const API_URL',
      'src/config.ts:5:14  const endpoints',
      'src/api/orders.ts:1:10  import endpoints',
      'src/api/orders.ts:4:16  fetch()',
    ]);
  });

  it('shows an env file only at the line it used: its other lines may be secrets', async () => {
    const { stdout } = await runCli(
      ['explain', 'https://api.shop.example', 'fixtures/modes/vite-shop'],
      REPO,
    );
    expect(stdout).toContain('> 1 | VITE_API_URL=https://api.shop.example');
    expect(stdout).not.toContain('VITE_LIVE_URL');
  });

  it('from a call site through two wrappers to the sink', async () => {
    const { stdout, code } = await runCli(
      ['explain', 'https://weather.wrappers.example', 'fixtures/wrappers/api-client'],
      REPO,
    );
    expect(code).toBe(0);
    expect(chain(stdout, 'src/features/search.ts:9:10')).toEqual([
      'src/features/search.ts:9:10  calls getJson()',
      'src/lib/http.ts:16:10  calls getAbsolute()',
      'src/lib/http.ts:11:16  fetch()',
    ]);
  });
});
