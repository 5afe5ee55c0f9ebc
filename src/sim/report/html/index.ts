// The face of html/: the self-contained HTML report and its charts.
export * from './page.js';
export * from './chart.js';
export * from './chart-parts.js';
export * from './chart-scale.js';
export * from './escape.js';
export * from './style.js';
