import { parseDuration } from '../../duration.js';
import type { ParameterType, ParameterValue } from '../../model.js';

function shown(value: ParameterValue): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** Why `value` does not fit the declared `type`, or undefined when it does. */
export function typeProblem(type: ParameterType, value: ParameterValue): string | undefined {
  switch (type) {
    case 'seconds': {
      if (typeof value === 'boolean') return `${shown(value)} is not a duration; write whole seconds (180) or a string like "3m"`;
      const parsed = parseDuration(value);
      return parsed.ok ? undefined : parsed.message;
    }
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : `${shown(value)} is not an integer; write a whole number such as 5`;
    case 'string':
      return typeof value === 'string' ? undefined : `${shown(value)} is not a string; quote it ("${String(value)}")`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${shown(value)} is not a boolean; write true or false`;
  }
}
