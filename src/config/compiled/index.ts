// The face of compiled/: resolving a landscape into the runtime JSON, reading it back, and diffing two of them.
export type * from './types.js';
export * from './canonical-json.js';
export * from './compile.js';
export * from './diff.js';
export * from './resolve.js';
export * from './shape.js';
