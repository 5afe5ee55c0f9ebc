// The face of unused/ (HB260s): entities nothing references.
export * from './hb260-unused-heartbeat-profile.js';
export * from './hb261-unused-driver.js';
export * from './hb262-unused-communications-profile.js';
export * from './hb263-unused-communications-configuration.js';
export * from './hb264-unused-cms.js';
