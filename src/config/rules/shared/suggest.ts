import { NameIndex, nearestName } from '../../nearest-name.js';

/**
 * "did you mean 'STRICT'?" when a close name exists, otherwise the first
 * existing names ("existing: 'A', 'B', 'C', …"), or that there is none.
 * A rule that looks up many names among the same candidates passes a `NameIndex`.
 */
export function suggestion(wanted: string, candidates: readonly string[] | NameIndex, noneText: string): string {
  const index = candidates instanceof NameIndex ? candidates : new NameIndex(candidates);
  const close = nearestName(wanted, index);
  if (close !== undefined) return `did you mean '${close}'?`;
  const unique = index.names;
  if (unique.length === 0) return noneText;
  const shown = unique.slice(0, 3).map((n) => `'${n}'`).join(', ');
  return `existing: ${shown}${unique.length > 3 ? ', …' : ''}`;
}
