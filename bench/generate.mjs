// A generated app tree for the bounded-memory benchmark: `count` small modules in feature folders,
// most with no connection at all, one in twenty with a sink whose URL comes from a shared config
// module, an env file or a literal, and one in fifty calling a shared fetch wrapper with its URL
// (no sink word in the caller: the scan must find it through the wrapper). Deterministic: the same
// count gives the same bytes.
import { Buffer } from 'node:buffer';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILES_PER_FOLDER = 50;

/** The sources a scan of the generated tree must find, and nothing else. */
export const GENERATED_SOURCES = [
  "'self'",
  'https://api.generated.example',
  'https://events.generated.example',
  'https://reports.generated.example',
  'https://uploads.generated.example',
  'wss://live.generated.example',
];

// mulberry32: a small seeded generator, so that the tree is the same on every machine.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'order',
  'invoice',
  'customer',
  'cart',
  'report',
  'profile',
  'team',
  'project',
  'ticket',
  'asset',
];

function pascal(word) {
  return word[0].toUpperCase() + word.slice(1);
}

function utilityModule(name, sibling) {
  return `import { clamp } from '../../shared/math';
${sibling ? `import { format${pascal(sibling.word)} } from './${sibling.file}';\n` : ''}
export interface ${pascal(name.word)}Row {
  readonly id: string;
  readonly label: string;
  readonly amount: number;
}

/** Sorts rows by amount and keeps the first \`limit\`. */
export function top${pascal(name.word)}s(rows: readonly ${pascal(name.word)}Row[], limit: number): ${pascal(name.word)}Row[] {
  const size = clamp(limit, 0, rows.length);
  return [...rows].sort((a, b) => b.amount - a.amount).slice(0, size);
}

export function format${pascal(name.word)}(row: ${pascal(name.word)}Row): string {
  const amount = row.amount.toFixed(2);
  return \`\${row.label} (\${amount})\`;
}
${sibling ? `\nexport const describe${name.index} = (row: ${pascal(name.word)}Row): string => format${pascal(sibling.word)}({ ...row, label: row.label.trim() });\n` : ''}`;
}

function componentModule(name) {
  return `import { useMemo, useState } from 'react';
import { format${pascal(name.word)}, type ${pascal(name.word)}Row } from './${name.word}-utils-${name.index}';

export function ${pascal(name.word)}List${name.index}({ rows }: { rows: readonly ${pascal(name.word)}Row[] }) {
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => rows.filter((row) => row.label.includes(filter)), [rows, filter]);
  return (
    <section className="${name.word}-list">
      <input value={filter} onChange={(event) => setFilter(event.target.value)} placeholder="Filter" />
      <ul>
        {shown.map((row) => (
          <li key={row.id}>{format${pascal(name.word)}(row)}</li>
        ))}
      </ul>
    </section>
  );
}
`;
}

function plainModule(name) {
  return `// Legacy helpers kept in JavaScript.
const DAY = 24 * 60 * 60 * 1000;

export function ${name.word}Age${name.index}(createdAt, now = Date.now()) {
  return Math.floor((now - createdAt) / DAY);
}

export function group${pascal(name.word)}s${name.index}(items, key) {
  const groups = new Map();
  for (const item of items) {
    const list = groups.get(item[key]) || [];
    list.push(item);
    groups.set(item[key], list);
  }
  return groups;
}
`;
}

function sinkModule(name, kind) {
  switch (kind % 5) {
    case 0:
      return `import { API_BASE } from '../../shared/config';

export async function load${pascal(name.word)}${name.index}(id: string): Promise<unknown> {
  const response = await fetch(\`\${API_BASE}/${name.word}s/\${encodeURIComponent(id)}\`, { credentials: 'include' });
  if (!response.ok) throw new Error(\`${name.word} \${id}: \${response.status}\`);
  return response.json();
}
`;
    case 1:
      return `import { LIVE_URL } from '../../shared/config';

export function subscribe${pascal(name.word)}${name.index}(onMessage: (data: string) => void): () => void {
  const socket = new WebSocket(\`\${LIVE_URL}/${name.word}s\`);
  socket.addEventListener('message', (event) => onMessage(String(event.data)));
  return () => socket.close();
}
`;
    case 2:
      return `export function track${pascal(name.word)}${name.index}(event: string, data: Record<string, unknown>): void {
  const body = JSON.stringify({ event, data, at: Date.now() });
  navigator.sendBeacon('https://events.generated.example/collect', body);
}
`;
    case 3:
      return `const UPLOADS = import.meta.env.VITE_UPLOADS_URL;

export function upload${pascal(name.word)}${name.index}(file: Blob, onProgress: (done: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', \`\${UPLOADS}/${name.word}/\${Date.now()}\`);
    xhr.upload.onprogress = (event) => onProgress(event.loaded / event.total);
    xhr.onload = () => resolve();
    xhr.onerror = () => reject(new Error('upload failed'));
    xhr.send(file);
  });
}
`;
    default:
      return `export async function save${pascal(name.word)}${name.index}(payload: unknown): Promise<Response> {
  return fetch('/api/${name.word}s', { method: 'POST', body: JSON.stringify(payload) });
}
`;
  }
}

function wrapperCaller(name) {
  return `import { apiRequest } from '../../shared/http';

export function refresh${pascal(name.word)}${name.index}(): Promise<Response> {
  return apiRequest('https://reports.generated.example/${name.word}s/summary', { method: 'POST' });
}
`;
}

/** Writes the tree into `dir` (emptied first). Returns the number of files and bytes written. */
export function generateTree(dir, count) {
  rmSync(dir, { recursive: true, force: true });
  const next = random(count);
  let bytes = 0;
  const write = (rel, text) => {
    const file = path.join(dir, rel);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  };
  mkdirSync(path.join(dir, 'src', 'shared'), { recursive: true });
  write(
    'package.json',
    `${JSON.stringify({ name: 'generated-app', private: true, type: 'module' }, null, 2)}\n`,
  );
  write('.env.production', 'VITE_UPLOADS_URL=https://uploads.generated.example/v2\n');
  write(
    'src/shared/config.ts',
    "export const API_BASE = 'https://api.generated.example/v1';\nexport const LIVE_URL = 'wss://live.generated.example';\n",
  );
  write(
    'src/shared/http.ts',
    "export function apiRequest(url: string, init: RequestInit = {}): Promise<Response> {\n  return fetch(url, { ...init, credentials: 'include' });\n}\n",
  );
  write(
    'src/shared/math.ts',
    'export function clamp(value: number, min: number, max: number): number {\n  return Math.min(max, Math.max(min, value));\n}\n',
  );
  let written = 5;
  let folder = '';
  let lastUtils = null;
  for (let i = 0; written < count; i++) {
    if (i % FILES_PER_FOLDER === 0) {
      lastUtils = null;
      folder = path.join('src', 'features', `feature-${String(i / FILES_PER_FOLDER).padStart(4, '0')}`);
      mkdirSync(path.join(dir, folder), { recursive: true });
    }
    const word = WORDS[Math.floor(next() * WORDS.length)];
    const name = { word, index: i };
    const roll = next();
    let file;
    let text;
    if (roll < 0.05) {
      file = `${word}-api-${i}.ts`;
      text = sinkModule(name, i);
    } else if (roll < 0.07) {
      file = `${word}-refresh-${i}.ts`;
      text = wrapperCaller(name);
    } else if (roll < 0.5) {
      file = `${word}-utils-${i}.ts`;
      // Every third one builds on the utilities of the file before it in the same folder.
      const previous = i % FILES_PER_FOLDER > 0 && i % 3 === 0 ? lastUtils : null;
      text = utilityModule(name, previous);
      lastUtils = { word, file: `${word}-utils-${i}` };
    } else if (roll < 0.85) {
      // A component and the utilities it imports: two files.
      file = `${word}-list-${i}.tsx`;
      text = componentModule(name);
      write(path.join(folder, `${word}-utils-${i}.ts`), utilityModule(name, null));
      lastUtils = { word, file: `${word}-utils-${i}` };
      written++;
    } else {
      file = `${word}-legacy-${i}.js`;
      text = plainModule(name);
    }
    if (written >= count) break;
    write(path.join(folder, file), text);
    written++;
  }
  return { files: written, bytes };
}
