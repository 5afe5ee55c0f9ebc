import { describe, expect, it, vi } from 'vitest';
import { validateDocument } from '../../src/config/schema/validate.js';
import { docOf, summary } from '../fixtures/schema/doc.js';

// As if the schema files were newer than the generated validators (npm run schemas not run yet).
vi.mock('../../src/config/schema/generated/validators.js', () => ({ heartbeatProfile: undefined }));

describe('a schema without a generated validator', () => {
  it('is compiled at run time and gives the same findings', () => {
    const doc = docOf('apiVersion: hbctl/v1\nkind: HeartbeatProfile\nmetadata: {name: p}\nspec:\n  heartbeatLagg: 90\n');
    expect(validateDocument(doc).map(summary)).toEqual([
      "HB101 error 5:3 unknown key 'heartbeatLagg' in HeartbeatProfile.spec; did you mean 'heartbeatLag'?",
    ]);
  });
});
