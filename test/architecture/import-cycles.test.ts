/**
 * The import graph of src/ (issue 16): no module imports itself through others, and the folders
 * import each other no more than they do today. Folder cycles are debt to pay down (the scoring
 * stage and the report contract of issue 16): the list below may only shrink; a new one fails.
 */
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const graph = await madge('src', { fileExtensions: ['ts'], tsConfig: 'tsconfig.json', detectiveOptions: { ts: { skipTypeImports: false } } });

/** Pairs of folders (and top-level files, as "(root)") that import each other today, as "a <-> b". */
const KNOWN_FOLDER_CYCLES = [
  '(root) <-> commands', '(root) <-> config', '(root) <-> ingest', '(root) <-> metrics',
  '(root) <-> renderers', '(root) <-> report', '(root) <-> rubric', 'config <-> ingest',
  'ingest <-> metrics',
];

function folderCycles(): string[] {
  // The report contract (report/contract/) is a leaf of its own: everything may import it.
  const folder = (file: string) => (file.startsWith('report/contract/') ? 'report/contract' : file.includes('/') ? file.split('/')[0]! : '(root)');
  const edges = new Map<string, Set<string>>();
  for (const [file, deps] of Object.entries(graph.obj())) {
    for (const dep of deps) {
      const [a, b] = [folder(file), folder(dep)];
      if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
  }
  const pairs: string[] = [];
  for (const [a, targets] of edges) for (const b of targets) if (a < b && edges.get(b)?.has(a)) pairs.push(`${a} <-> ${b}`);
  return pairs.sort();
}

describe('import graph of src/', () => {
  it('has no cycle between modules (type imports included)', () => {
    expect(graph.circular()).toEqual([]);
  });

  it('keeps the report contract free of imports from the rest of src/', () => {
    // The versioned JSON's types (docs/report-format.md): renderers and other tools read them alone.
    const contract = Object.keys(graph.obj()).filter((f) => f === 'report/types.ts' || f.startsWith('report/contract/'));
    expect(contract.length).toBeGreaterThan(4);
    const outside = contract.flatMap((f) => graph.obj()[f]!.filter((d) => !contract.includes(d)).map((d) => `${f} → ${d}`));
    expect(outside).toEqual([]);
  });

  it('has no cycle between folders beyond the known ones', () => {
    const now = folderCycles();
    expect(now.filter((pair) => !KNOWN_FOLDER_CYCLES.includes(pair)), 'new folder cycles').toEqual([]);
    // A cycle paid off: take it off the list so it cannot come back.
    expect(KNOWN_FOLDER_CYCLES.filter((pair) => !now.includes(pair)), 'known cycles that are gone').toEqual([]);
  });
});
