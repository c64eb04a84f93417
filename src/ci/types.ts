/** The gate's types are part of the report contract (src/report/contract/gate.ts); the gate code uses them from here. */
export * from '../report/contract/gate.js';
