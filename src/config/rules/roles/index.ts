// The face of roles/ (HB250s): what a role falls back to.
export * from './hb250-role-builtin-fallback.js';
