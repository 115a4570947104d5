import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from './report.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** Where a frame's code lives: an npm package, a project folder, Node.js itself, or the VM. */
const ownerOf = (url: string, root: string): string => {
  if (url === '') return '(VM: GC, idle, native)';
  if (url.startsWith('node:')) return 'node: (Node.js core)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (modules?.[1]) return modules[1];
  const inProject = relative(root, path);
  return inProject.startsWith('..') ? path : inProject.split('/').slice(0, 2).join('/');
};

interface Tally {
  readonly file: string;
  readonly total: number;
  readonly owners: Map<string, number>;
  readonly functions: Map<string, number>;
}

const tally = (dir: string, file: string, root: string): Tally => {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (deltas[index] ?? 0) / 1000);
  });
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    total += ms;
    const owner = ownerOf(node.callFrame.url, root);
    owners.set(owner, (owners.get(owner) ?? 0) + ms);
    const name = `${node.callFrame.functionName || '(anonymous)'} — ${owner}:${node.callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  return { file, total, owners, functions };
};

/**
 * Self time per code owner and per function, as two markdown tables of the `top` biggest entries,
 * of the busiest thread profiled in `dir` by `node --cpu-prof` (the main thread, not tsx's loader).
 */
export const summariseCpuProfile = (dir: string, root: string, top = 15): string => {
  const busiest = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((file) => tally(dir, file, root))
    .sort((a, b) => b.total - a.total)[0];
  if (!busiest) return `No CPU profile was written to ${dir}.`;
  const rows = (entries: Map<string, number>) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => [name, ms.toFixed(0), `${((ms / busiest.total) * 100).toFixed(1)}%`]);
  return [
    `CPU profile of the local stack (${busiest.file}, kept in ${relative(root, dir)}): ${busiest.total.toFixed(0)} ms of non-idle samples, start-up included.`,
    markdownTable(['code', 'self ms', 'share'], rows(busiest.owners)),
    markdownTable(['function', 'self ms', 'share'], rows(busiest.functions)),
  ].join('\n\n');
};
