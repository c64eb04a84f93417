/** The report contract (src/report/contract/report.ts), where the rest of pullcheck imports it from. */
export * from './contract/report.js';
