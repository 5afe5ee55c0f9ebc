// The face of scenario/: reading a scenario file, checking it against the configuration, its faults, and the work it will cost.
export * from './types.js';
export * from './reader.js';
export * from './check.js';
export * from './faults.js';
export * from './normalize.js';
export * from './work-estimate.js';
export * from './budget.js';
