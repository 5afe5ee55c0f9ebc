// The face of explain/: a role's effective settings, each value with its origin and the bounds it implies.
export * from './role.js';
export * from './text.js';
