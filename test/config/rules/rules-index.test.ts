import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, SEMANTIC_RULES, runRules } from '../../../src/config/rules/index.js';
import { emptyLandscape } from '../../../src/config/model.js';
import { REPO_ROOT, RULE_FIXTURES } from '../../helpers/config.js';

// Relative paths such as `names/hb200-duplicate-name.test.ts`: a rule's test sits in the family folder of its source.
const sourceFiles = readdirSync(join(REPO_ROOT, 'src/config/rules'), { recursive: true, encoding: 'utf8' });
const testFiles = readdirSync(join(REPO_ROOT, 'test/config/rules'), { recursive: true, encoding: 'utf8' });

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
    const file = `${id.toLowerCase()}-${name}`;
    const source = sourceFiles.filter((f) => f === `${file}.ts` || f.endsWith(`/${file}.ts`));
    expect(source, `one source file ${file}.ts under src/config/rules/`).toHaveLength(1);
    expect(testFiles).toContain(source[0]!.replace(/\.ts$/, '.test.ts'));
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
