// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time per function and per source file.
import { readFileSync } from 'node:fs';

function shortUrl(url) {
  if (!url) return '(native)';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('/node_modules/');
  if (nm !== -1) return clean.slice(nm + '/node_modules/'.length);
  const dist = clean.indexOf('/dist/');
  if (dist !== -1) return clean.slice(dist + 1);
  return clean.startsWith('node:') ? clean : clean.split('/').slice(-2).join('/');
}

/** Self time in ms per function (name, file, line) and per file, sorted by time. */
export function summariseProfile(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const functions = new Map();
  const files = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    total += us;
    const where = shortUrl(frame.url);
    const name = frame.functionName || '(anonymous)';
    const key = `${name}  ${where}:${frame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
    const group = frame.url ? where : name;
    files.set(group, (files.get(group) ?? 0) + us);
  }
  const sorted = (map) =>
    [...map]
      .map(([key, us]) => ({ key, ms: us / 1000, share: total === 0 ? 0 : us / total }))
      .sort((a, b) => b.ms - a.ms);
  return { totalMs: total / 1000, functions: sorted(functions), files: sorted(files) };
}
