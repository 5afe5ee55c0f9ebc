import type { ChalkInstance } from 'chalk';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import type { FindingsOptions, FindingsReport } from './report.js';
import { formatSarif, type SarifRuleInfo } from './sarif.js';
import { formatText } from './text.js';

export const FINDINGS_FORMATS = ['text', 'json', 'github', 'junit', 'sarif'] as const;
export type FindingsFormat = (typeof FINDINGS_FORMATS)[number];

export interface RenderOptions extends FindingsOptions {
  chalk: ChalkInstance;
  rules: readonly SarifRuleInfo[];
  version?: string;
}

/** The findings report in one of the `--format` shapes. */
export function renderFindings(format: FindingsFormat, report: FindingsReport, opts: RenderOptions): string {
  switch (format) {
    case 'text':
      return formatText(report, opts);
    case 'json':
      return formatJson(report, opts);
    case 'github':
      return formatGithub(report, opts);
    case 'junit':
      return formatJunit(report, opts);
    case 'sarif':
      return formatSarif(report, opts);
  }
}
