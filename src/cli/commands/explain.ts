import { compileLandscape } from '../../config/compiled/index.js';
import { explainRole, explainRoleNames, suggestRoleName } from '../../config/explain/index.js';
import { UsageError } from '../../errors.js';
import { chalkFor } from '../colour.js';
import { checkInput, hasErrors, printFindings } from '../findings.js';
import { jsonText } from '../format/escape.js';
import { formatExplainText } from '../format/explain.js';
import { plural } from '../format/report.js';
import type { CliIo } from '../io.js';

export interface ExplainOptions {
  role: string;
  paths: string[];
  format: 'text' | 'json';
}

/**
 * The effective settings of one role. Error findings in the input are printed
 * to stderr (exit 1): a broken config has no trustworthy effective values.
 * An unknown role is a usage error (exit 2) with the nearest role name.
 */
export async function explain(opts: ExplainOptions, io: CliIo): Promise<number> {
  const { result, report } = await checkInput(opts.paths, io);
  if (hasErrors(report)) {
    await printFindings(io.stderr, io, 'text', report, { quiet: true });
    return 1;
  }
  const compiled = compileLandscape(result.landscape);
  const explanation = explainRole(compiled, opts.role);
  if (explanation === undefined) {
    const names = explainRoleNames(compiled);
    const suggestion = suggestRoleName(compiled, opts.role);
    throw new UsageError(unknownRole(opts.role, names, suggestion));
  }
  if (opts.format === 'json') {
    io.stdout.write(jsonText(explanation));
  } else {
    io.stdout.write(formatExplainText(explanation, chalkFor(io.stdout, io.env)));
  }
  const warnings = report.findings.length;
  if (warnings > 0) io.stderr.write(`hbctl: ${plural(warnings, 'warning')} in the input; run hbctl validate to see them\n`);
  return 0;
}

function unknownRole(role: string, names: readonly string[], suggestion: string | undefined): string {
  if (names.length === 0) return `unknown role "${role}": the configuration defines no BusinessRole`;
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  const shown = names.length > 10 ? `${names.slice(0, 10).join(', ')}, …` : names.join(', ');
  return `unknown role "${role}"${hint}; roles: ${shown}`;
}
