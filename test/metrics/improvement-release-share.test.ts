import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/improvement-release-share.js';
import { release, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31';

describe('improvement-release-share', () => {
  it('is insufficient with no releases', () => {
    const result = run(metric, tables(), asOf);
    expect(result.kind).toBe('insufficient');
    expect(result.n).toBe(0);
  });

  it('is insufficient with one release (below minN)', () => {
    const result = run(metric, tables({ releases: [release({ releasedAt: '2024-06-01' })] }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('counts improvements over new + improvement releases in the window, excluding fixes and old releases', () => {
    const releases = [
      release({ feature: 'a', kind: 'new', releasedAt: '2024-02-01' }),
      release({ feature: 'b', kind: 'new', releasedAt: '2024-03-01' }),
      release({ feature: 'c', kind: 'new', releasedAt: '2024-04-01' }),
      release({ feature: 'a', kind: 'improvement', releasedAt: '2024-05-01' }),
      release({ feature: 'fixme', kind: 'fix', releasedAt: '2024-05-02' }),
      release({ feature: 'old', kind: 'improvement', releasedAt: '2023-06-01' }), // outside 365d
    ];
    const result = run(metric, tables({ releases }), asOf, { minN: 4 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(0.25); // 1 improvement of 4
    expect(result.n).toBe(4);
    expect(byKey(result.evidence)).toMatchObject({ newFeatures: 3, improvements: 1, fixesExcluded: 1 });
  });

  it('is insufficient when only fixes were released (zero denominator)', () => {
    const releases = Array.from({ length: 10 }, (_, i) => release({ feature: `f${i}`, kind: 'fix', releasedAt: '2024-06-01' }));
    expect(run(metric, tables({ releases }), asOf).kind).toBe('insufficient');
  });
});
