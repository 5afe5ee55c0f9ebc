import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../src/config/kinds.js';
import { matchKind } from '../../../src/cli/commands/schema.js';
import { FIXTURES, hbctl } from '../_io.js';

describe('hbctl schema', () => {
  it('prints every schema as { "<Kind>": schema } in kind order', async () => {
    const r = await hbctl(FIXTURES, ['schema']);
    expect(r.code).toBe(0);
    const all = JSON.parse(r.stdout) as Record<string, object>;
    expect(Object.keys(all)).toEqual(KINDS.filter((k) => k in all));
    expect(Object.keys(all)).toContain('HeartbeatProfile');
    expect(r.stdout.endsWith('}\n')).toBe(true);
  });

  it.each([['HeartbeatProfile'], ['heartbeatprofile'], ['heartbeat-profile'], ['HEARTBEAT_PROFILE']])(
    'prints one schema for %s',
    async (kind) => {
      const r = await hbctl(FIXTURES, ['schema', kind]);
      expect(r.code).toBe(0);
      const schema = JSON.parse(r.stdout) as { properties?: { spec?: unknown } };
      expect(schema.properties?.spec).toBeDefined();
      expect(r.stdout).toContain('\n  "');
    },
  );

  it('exits 2 with a did-you-mean for an unknown kind', async () => {
    const r = await hbctl(FIXTURES, ['schema', 'HeartbeatProfil']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hbctl: unknown kind "HeartbeatProfil" \(did you mean "HeartbeatProfile"\?\); kinds: /);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    ['workstation-listener', 'WorkstationListener'],
    ['cms', 'Cms'],
    ['keepalivesettings', 'KeepAliveSettings'],
  ])('matches %s to %s', (input, kind) => {
    expect(matchKind(input)).toBe(kind);
  });
});
