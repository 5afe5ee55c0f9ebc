// The face of shared/: helpers several rule families use (entity lists, resolved heartbeat profile values, "did you mean").
export * from './entities.js';
export * from './heartbeat-profiles.js';
export * from './suggest.js';
