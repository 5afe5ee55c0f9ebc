import { nearestName } from '../nearest-name.js';

/**
 * "did you mean 'STRICT'?" when a close name exists, otherwise the first
 * existing names ("existing: 'A', 'B', 'C', …"), or that there is none.
 */
export function suggestion(wanted: string, candidates: readonly string[], noneText: string): string {
  const close = nearestName(wanted, candidates);
  if (close !== undefined) return `did you mean '${close}'?`;
  const unique = [...new Set(candidates)].sort();
  if (unique.length === 0) return noneText;
  const shown = unique.slice(0, 3).map((n) => `'${n}'`).join(', ');
  return `existing: ${shown}${unique.length > 3 ? ', …' : ''}`;
}
