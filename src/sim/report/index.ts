// The face of report/: the report's JSON shape, what each metric means, and the summary and text pieces built from it.
export type * from './types.js';
export * from './metric-info.js';
export * from './best.js';
export * from './details.js';
export * from './format.js';
export * from './summary.js';
export * from './wrap.js';
export * from './html/index.js';
export * from './supervisors.js';
