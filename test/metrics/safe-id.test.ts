/** safeId (src/metrics/shared-pull.ts): example ids that look like e-mail addresses never reach a report. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { safeId } from '../../src/metrics/shared-pull.js';

describe('safeId', () => {
  it('keeps ordinary ids and replaces an e-mail by a stable sha256 prefix', () => {
    expect(safeId('U00042')).toBe('U00042');
    expect(safeId('')).toBe('');
    const id = safeId('josé.garcía@empresa.es');
    expect(id).toBe(`redacted-${createHash('sha256').update('josé.garcía@empresa.es').digest('hex').slice(0, 8)}`);
    expect(id).not.toContain('@');
    expect(safeId('josé.garcía@empresa.es')).toBe(id);
  });
});
