/**
 * The import graph of src/ (issue 16): no module imports itself through others, and no folder
 * imports a folder that imports it back. src/cli.ts is the only top-level module: the entry, which
 * nothing imports; what every stage shares (model, settings, errors, io) lives in src/core/.
 */
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const graph = await madge('src', { fileExtensions: ['ts'], tsConfig: 'tsconfig.json', detectiveOptions: { ts: { skipTypeImports: false } } });

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

  it('has no cycle between folders', () => {
    expect(folderCycles()).toEqual([]);
  });

  it('has the CLI entry as its only top-level module, imported by nothing', () => {
    const modules = Object.entries(graph.obj());
    expect(modules.map(([file]) => file).filter((file) => !file.includes('/'))).toEqual(['cli.ts']);
    expect(modules.filter(([, deps]) => deps.includes('cli.ts')).map(([file]) => file)).toEqual([]);
  });

  it('keeps the statistics (src/stats/) free of metrics: they import only themselves and src/core/', () => {
    // The interval kernels run on the bootstrap thread by name; a metric import would pull the
    // metric files (and everything they import) into the worker, and bring back the cycle between
    // the kernels and the metrics that call them.
    const stats = Object.entries(graph.obj()).filter(([file]) => file.startsWith('stats/'));
    expect(stats.map(([file]) => file)).toEqual(expect.arrayContaining(['stats/stats.ts', 'stats/bootstrap-kernels.ts', 'stats/bootstrap-thread.ts', 'stats/bootstrap-worker.ts']));
    const outside = stats.flatMap(([file, deps]) => deps.filter((d) => !d.startsWith('stats/') && !d.startsWith('core/')).map((d) => `${file} → ${d}`));
    expect(outside).toEqual([]);
  });

  it('keeps src/core/ a leaf: it imports only itself and the report contract', () => {
    const core = Object.entries(graph.obj()).filter(([file]) => file.startsWith('core/'));
    expect(core.length).toBeGreaterThan(5);
    const outside = core.flatMap(([file, deps]) => deps.filter((d) => !d.startsWith('core/') && !d.startsWith('report/contract/')).map((d) => `${file} → ${d}`));
    expect(outside).toEqual([]);
  });
});
