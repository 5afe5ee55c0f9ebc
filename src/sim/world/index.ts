// The face of world/: one simulated run on the virtual clock, its random streams, faults, metrics and timeline.
export * from './agents.js';
export * from './faults.js';
export * from './indexed-set.js';
export * from './interval-index.js';
export * from './live-index.js';
export * from './metrics.js';
export * from './random.js';
export * from './run.js';
export * from './timeline.js';
export * from './virtual-clock.js';
export * from './world.js';
export * from './models/index.js';
