#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled dist/ (built by `npm install` via the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cliPath)) {
  process.stderr.write('pullcheck: the compiled CLI is missing (dist/cli.js). Run `npm install` or `npm run build` first.\n');
  process.exit(2);
}
const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv);
