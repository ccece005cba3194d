// Svelte components: script blocks and markup JavaScript, parsed with positions in the .svelte file.
import { describe, expect, it } from 'vitest';
import { componentHarness } from '../helpers/component.js';

const { scan, found, codes } = componentHarness('src/Chat.svelte', 'svelte');

describe('Svelte script blocks', () => {
  it('reports a finding in <script lang="ts"> at its place, with the module script in scope', () => {
    const code = [
      '<script context="module" lang="ts">',
      "  export const BASE: string = 'https://api.chat.example';",
      '</script>',
      '',
      '<script lang="ts">',
      '  let room: string = $state("general");',
      '  const load = () => fetch(`${BASE}/rooms/${room}`);',
      '</script>',
      '',
      '<h1>{room}</h1>',
    ].join('\n');
    const { findings, diagnostics } = scan(code);
    expect(diagnostics).toEqual([]);
    expect(findings.map((f) => [f.location, f.value, f.trace[0]?.location])).toEqual([
      [
        { file: 'src/Chat.svelte', line: 7, column: 28 },
        'https://api.chat.example/rooms/${$state("general")}',
        { file: 'src/Chat.svelte', line: 2, column: 16 },
      ],
    ]);
  });

  it('reads <script module> (Svelte 5) as the module script, wherever it stands', () => {
    const code = [
      '<script lang="ts">',
      '  fetch(`${HISTORY}/recent`);',
      '</script>',
      '<script module lang="ts">',
      "  export const HISTORY = 'https://history.chat.example';",
      '</script>',
    ].join('\n');
    expect(found(code)).toEqual(['2:9 fetch https://history.chat.example']);
  });

  it('reports TypeScript without lang="ts" as a parse error, and an unknown lang as unread', () => {
    expect(codes('<script>\n  let n = count!;\n</script>')).toEqual(['2:17 parse-error']);
    const coffee = scan('<script lang="coffee">\nfetch "https://coffee.example"\n</script>');
    expect(coffee.findings).toEqual([]);
    expect(coffee.diagnostics[0]?.message).toContain(
      '<script lang="coffee"> is not JavaScript or TypeScript',
    );
  });

  it('reports a syntax error in one block at its line, and still scans the other block', () => {
    const code = [
      '<script module>',
      "  export const UPLOADS = 'https://uploads.chat.example';",
      '</script>',
      '<script>',
      '  let draft = ;',
      '</script>',
      '<button on:click={() => fetch(UPLOADS + "/files", { method: "POST" })}>Send</button>',
    ].join('\n');
    expect(codes(code)).toEqual(['5:15 parse-error']);
    expect(found(code)).toEqual(['7:31 fetch https://uploads.chat.example']);
  });

  it('does not take a <script> inside markup for the component script', () => {
    const code = [
      '<script>',
      "  const API = 'https://api.chat.example';",
      '</script>',
      '<svelte:head>',
      '  <script>const API = 1;</script>',
      '</svelte:head>',
      '<button onclick={() => fetch(API)}>x</button>',
    ].join('\n');
    expect(found(code)).toEqual(['7:30 fetch https://api.chat.example']);
  });
});

describe('Svelte markup', () => {
  it('scans event handlers, Svelte 4 (spaces in an unquoted {…}) and Svelte 5 alike', () => {
    const code = [
      '<script>',
      "  const SIGNALS = 'https://signals.chat.example';",
      '</script>',
      "<button on:click|preventDefault={() => fetch(SIGNALS + '/typing', { method: 'POST' })}>a</button>",
      '<textarea oninput={() => navigator.sendBeacon(`${SIGNALS}/input`)}></textarea>',
    ].join('\n');
    expect(found(code)).toEqual([
      '4:46 fetch https://signals.chat.example',
      '5:47 beacon https://signals.chat.example',
    ]);
  });

  it('scans {#await} and {@html}; braces in strings, templates and regexes do not end them', () => {
    const code = [
      "{#await fetch('https://await.chat.example/x', { headers: { 'x-brace': '}' } }) then res}",
      '  <p>{res.status}</p>',
      '{/await}',
      "{@html render(`${'}'}`, /}/g, fetch('https://html.chat.example/h'))}",
    ].join('\n');
    expect(found(code)).toEqual([
      '1:15 fetch https://await.chat.example',
      '4:37 fetch https://html.chat.example',
    ]);
  });

  it('reads every form of ping: static, {expr}, "{expr}", interpolated, and the {ping} shorthand', () => {
    const code = [
      '<script lang="ts">',
      "  const CLICKS = 'https://clicks.chat.example/c';",
      "  const ping = 'https://shorthand.chat.example/p';",
      '  let { id }: { id: string } = $props();',
      '</script>',
      '<a href="/" ping="/metrics/nav https://static.chat.example/s">1</a>',
      '<a href="/" ping={CLICKS}>2</a>',
      '<a href="/" ping="{CLICKS}">3</a>',
      '<a href="/" ping="/open/{id} {CLICKS}">4</a>',
      '<a href="/" {ping}>5</a>',
      '<Link href="/" ping={CLICKS} />',
      '<div ping={CLICKS}>not an anchor</div>',
    ].join('\n');
    expect(found(code)).toEqual([
      "6:13 ping 'self'",
      '6:13 ping https://static.chat.example',
      '7:19 ping https://clicks.chat.example',
      '8:20 ping https://clicks.chat.example',
      "9:18 ping 'self'",
      '9:18 ping https://clicks.chat.example',
      '10:14 ping https://shorthand.chat.example',
      '11:22 ping https://clicks.chat.example',
    ]);
  });

  it('gives {#each} items, {:then} values and snippet parameters their own scope', () => {
    const code = [
      '<script>',
      "  const link = 'https://wrong.chat.example/not-the-item';",
      '</script>',
      '{#each links as link, i (link.id)}',
      '  <a href="/" ping={link.ping}>{i}</a>',
      '{/each}',
      '{#await loadLinks() then link}',
      '  <a href="/" ping={link}>x</a>',
      '{/await}',
      '{#snippet row(link)}',
      '  <a href="/" ping={link}>y</a>',
      '{/snippet}',
      '<a href="/" ping={link}>outside</a>',
    ].join('\n');
    expect(found(code)).toEqual([
      '5:21 ping UNRESOLVED',
      '8:21 ping UNRESOLVED',
      '11:21 ping UNRESOLVED',
      '13:19 ping https://wrong.chat.example',
    ]);
  });

  it('lets later markup read {@const} declarations', () => {
    const code = [
      '{#each rooms as room}',
      "  {@const feed = 'https://feeds.chat.example/' + room.slug}",
      '  <button onclick={() => new EventSource(feed)}>{room.name}</button>',
      '{/each}',
    ].join('\n');
    expect(found(code)).toEqual(['3:42 event-source https://feeds.chat.example']);
  });

  it('reports a syntax error in a markup expression at its place, and keeps the rest', () => {
    const code = [
      '<script>',
      "  const API = 'https://api.chat.example';",
      '</script>',
      '<p>{count +}</p>',
      '<button onclick={() => fetch(API)}>x</button>',
    ].join('\n');
    expect(codes(code)).toEqual(['4:12 parse-error']);
    expect(found(code)).toEqual(['5:30 fetch https://api.chat.example']);
  });

  it('does not scan <style> or comments, and a local fetch is not the global one', () => {
    const code = [
      '<script>',
      "  import { fetch } from './api-client';",
      '</script>',
      "<!-- {fetch('https://comment.chat.example')} -->",
      "<button onclick={() => fetch('https://local.chat.example')}>x</button>",
      "<style>.a { background: url('https://style.chat.example/a.png'); } .b { content: '{'; }</style>",
      "<p>{window.fetch('https://after-style.chat.example/x')}</p>",
    ].join('\n');
    expect(found(code)).toEqual(['7:18 fetch https://after-style.chat.example']);
  });
});
