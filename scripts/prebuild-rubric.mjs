#!/usr/bin/env node
// Build step (after tsc): validates rubrics/default.yaml with the built code and stores the result
// in dist/rubric/default-rubric.json, which loadRubric uses for the same text, file name, metrics
// and validation code (src/rubric/load.ts). An invalid default rubric fails the build here.
import { readFileSync, writeFileSync } from 'node:fs';

const { defaultRubricPath, parseRubric, prebuiltKey } = await import('../dist/rubric/load.js');
const { METRICS } = await import('../dist/metrics/index.js');
const DEFAULT_RUBRIC_PATH = defaultRubricPath();
const text = readFileSync(DEFAULT_RUBRIC_PATH, 'utf8');
const rubric = parseRubric(text, DEFAULT_RUBRIC_PATH, METRICS);
writeFileSync(new URL('../dist/rubric/default-rubric.json', import.meta.url), JSON.stringify({ key: prebuiltKey(text, DEFAULT_RUBRIC_PATH, METRICS), rubric }));
