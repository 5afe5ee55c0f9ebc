import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, SEMANTIC_RULES, runRules } from '../../../src/config/rules/index.js';
import { emptyLandscape } from '../../../src/config/model.js';
import { REPO_ROOT, RULE_FIXTURES } from '../../helpers/config.js';

const testFiles = readdirSync(join(REPO_ROOT, 'test/config/rules'));

describe('rule registry', () => {
  it('has unique rule ids and names', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
  });

  it('lists every semantic rule and the ids other stages report, sorted by id', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    for (const rule of SEMANTIC_RULES) expect(ids).toContain(rule.id);
    for (const id of ['HB001', 'HB008', 'HB100', 'HB106', 'HB242']) expect(ids).toContain(id);
  });

  it.each(SEMANTIC_RULES.map((r) => [r.id, r.name] as const))('%s %s has its own test file and fixtures', (id, name) => {
    expect(testFiles).toContain(`${id.toLowerCase()}-${name}.test.ts`);
    const fixtures = readdirSync(join(RULE_FIXTURES, id));
    expect(fixtures.some((f) => f.startsWith('trigger'))).toBe(true);
    expect(fixtures.some((f) => f.startsWith('clean'))).toBe(true);
  });

  it('gives every rule a severity and a one-sentence summary', () => {
    for (const rule of RULES) {
      expect(['error', 'warning']).toContain(rule.severity);
      expect(rule.summary).toMatch(/^[A-Za-z0-9].*\.$/);
    }
  });

  it('finds nothing in an empty landscape', () => {
    expect(runRules(emptyLandscape())).toEqual([]);
  });
});
