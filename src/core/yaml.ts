/**
 * The yaml library, loaded at first use. Importing it is a noticeable part of start-up, and most runs
 * (the default rubric, which is validated at build time; no config file; no answers) never parse
 * YAML. The functions below stand for the library's own, with its types.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | null = null;
const lib = (): typeof Yaml => (loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

export type { Document, Node, YAMLMap } from 'yaml';

export const parseDocument = ((...args: Parameters<typeof Yaml.parseDocument>) => lib().parseDocument(...args)) as typeof Yaml.parseDocument;
export const isAlias = ((node: unknown) => lib().isAlias(node)) as typeof Yaml.isAlias;
export const isMap = ((node: unknown) => lib().isMap(node)) as typeof Yaml.isMap;
export const isScalar = ((node: unknown) => lib().isScalar(node)) as typeof Yaml.isScalar;
export const isSeq = ((node: unknown) => lib().isSeq(node)) as typeof Yaml.isSeq;

/** A new `LineCounter` (line numbers for messages). */
export function newLineCounter(): Yaml.LineCounter {
  return new (lib().LineCounter)();
}
