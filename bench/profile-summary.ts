/**
 * Summarises a V8 `.cpuprofile` (from `npm run bench -- --cpu-prof`): self time by function and by package or
 * source folder, and inclusive time of the API's own functions.
 * `node bench/profile-summary.ts <file> [top] [lastSeconds]` — `lastSeconds` keeps only the samples of the
 * profile's final seconds (e.g. the settings storm, which ends a `--only=c` run).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg, lastArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfMicros = new Map<number, number>();
const span = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0);
const from = lastArg ? span - Number(lastArg) * 1e6 : 0;
let clock = 0;
profile.samples.forEach((id, index) => {
  clock += profile.timeDeltas[index] ?? 0;
  if (clock < from) return;
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const total = [...selfMicros.values()].reduce((sum, value) => sum + value, 0);

function place(url: string): string {
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module?.[1]) return module[1];
  const own = /\/(src|bench)\/(.*)$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url.startsWith('node:') ? url : url ? 'other' : '(native/vm)';
}
function label(node: ProfileNode): string {
  const frame = node.callFrame;
  return `${frame.functionName || '(anonymous)'} ${place(frame.url)}:${frame.lineNumber + 1}`;
}
function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}
function print(title: string, map: Map<string, number>): void {
  console.log(`\n${title}`);
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((micros / total) * 100).toFixed(1).padStart(6)} %  ${key}`);
  }
}

const selfByFunction = new Map<string, number>();
const selfByPlace = new Map<string, number>();
const inclusiveOwn = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const node = byId.get(id);
  if (!node) continue;
  add(selfByFunction, label(node), micros);
  add(selfByPlace, place(node.callFrame.url), micros);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const ancestor = byId.get(at);
    if (!ancestor) break;
    const where = place(ancestor.callFrame.url);
    if (!where.startsWith('src/') && !where.startsWith('graphql') && !where.startsWith('@mikro-orm'))
      continue;
    const key = label(ancestor);
    if (seen.has(key)) continue;
    seen.add(key);
    add(inclusiveOwn, key, micros);
  }
}
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
print('self time by package / source file', selfByPlace);
print('self time by function', selfByFunction);
print('inclusive time (src/, graphql, MikroORM frames)', inclusiveOwn);
