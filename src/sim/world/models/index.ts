// The face of models/: the simulated browsers, network, CMS calls and workstations the world is made of.
export * from './browser.js';
export * from './call-queue.js';
export * from './calls.js';
export * from './catch-up-heartbeat-table.js';
export * from './cms-model.js';
export * from './network.js';
export * from './ping-segment.js';
export * from './workstation-model.js';
