// The face of names/ (HB200s): duplicate names and references that name nothing.
export * from './hb200-duplicate-name.js';
export * from './hb201-dangling-reference.js';
