// The face of supervisors/: several supervisor nodes sharing one store, with the store commands they send counted.
export * from './agent-spread.js';
export * from './cluster.js';
export * from './node-cms-table.js';
export * from './node-traffic.js';
export * from './ping-write-behind.js';
