import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOSE, PROTOCOL_VERSION } from '../../src/supervisor/http/protocol.js';
import { DEFAULT_LIMITS } from '../../src/supervisor/http/limits.js';

const markdown = readFileSync(resolve(import.meta.dirname, '../../docs/protocol.md'), 'utf8');

describe('docs/protocol.md', () => {
  it('documents the protocol version of the code', () => {
    expect(markdown).toContain(`Version **${PROTOCOL_VERSION}**`);
  });

  it('lists exactly the close codes the server uses', () => {
    const documented = [...markdown.matchAll(/^\| (\d{4}) \|/gm)].map((m) => Number(m[1])).sort();
    const code = Object.values(CLOSE).sort();
    expect(documented).toEqual(code);
  });

  it('gives every limit with its default', () => {
    const rows = markdown.split('\n').filter((l) => l.startsWith('| `'));
    for (const [name, value] of Object.entries(DEFAULT_LIMITS)) {
      const row = rows.find((r) => r.includes(`\`${name}\``));
      expect(row, name).toBeDefined();
      const shown = value === 1 << 20 ? '1 MiB' : String(value);
      expect(row, name).toContain(shown);
    }
  });
});
