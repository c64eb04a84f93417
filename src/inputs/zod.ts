/**
 * The zod library, loaded at first use like the yaml library (src/core/yaml.ts): importing it is
 * a noticeable part of start-up (docs/performance.md), and most runs (the default rubric,
 * validated at build time; no config file; no answers; no baseline) never validate an input.
 */
import { createRequire } from 'node:module';
import type * as Zod from 'zod';

export type { z } from 'zod';

let loaded: typeof Zod.z | null = null;

export function zod(): typeof Zod.z {
  return (loaded ??= (createRequire(import.meta.url)('zod') as typeof Zod).z);
}
