// The face of parameters/ (HB220s): driver parameter overrides, their types and required values.
export * from './hb220-unknown-parameter-override.js';
export * from './hb221-parameter-type.js';
export * from './hb222-required-parameter-missing.js';
