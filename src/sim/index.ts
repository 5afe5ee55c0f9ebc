// The face of the simulator: run a scenario against one or more heartbeat variants and serialise the report.
export * from './simulate.js';
export * from './variants.js';
export * from './compiled-variants.js';
