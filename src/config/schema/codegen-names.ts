import type { Kind } from '../kinds.js';

/** Export name of a kind's validator in the generated module: `HeartbeatProfile` → `heartbeatProfile`. */
export function validatorExportName(kind: Kind): string {
  return kind.charAt(0).toLowerCase() + kind.slice(1);
}
