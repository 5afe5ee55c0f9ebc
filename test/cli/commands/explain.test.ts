import { describe, expect, it } from 'vitest';
import { FIXTURES, hbctl } from '../_io.js';

const valid = `${FIXTURES}valid`;

describe('hbctl explain', () => {
  it('prints the effective profile of a role with origins, mode, detection, configuration and CMS', async () => {
    const r = await hbctl(valid, ['explain', 'supervisor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Role supervisor — heartbeat profile WATCHDOG, mode B\+CMS$/m);
    expect(r.stdout).toMatch(/^ {2}browserPingInterval +20s +← profile WATCHDOG \(profiles\/heartbeat-profiles\.yaml:\d+\)$/m);
    expect(r.stdout).toMatch(/heartbeatLag +2m30s \(150s\) +← profile DEFAULT \(profiles\/heartbeat-profiles\.yaml:\d+\)/);
    expect(r.stdout).toContain('CMS outage: ');
    expect(r.stdout).toMatch(/PushKeepAliveTimer +2m \(120s\) +← override in profile Keep Alive/);
    expect(r.stdout).toContain('CMS telephony');
  });

  it('prints the RoleExplanation as JSON with --format json', async () => {
    const r = await hbctl(valid, ['explain', 'agent', '--format', 'json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as { role: string; mode: string; values: { field: string; origin: { source: string } }[] };
    expect(e.role).toBe('agent');
    expect(e.mode).toBe('A');
    expect(e.values.find((v) => v.field === 'heartbeatLag')?.origin.source).toBe('default-profile');
  });

  it('keeps the key order of the RoleExplanation JSON (scripts diff it; the compiled config it reads is built in another order for its text)', async () => {
    const r = await hbctl(valid, ['explain', 'agent', '--format', 'json']);
    const e = JSON.parse(r.stdout) as Record<string, unknown> & { values: (Record<string, unknown> & { field: string; origin: Record<string, unknown> })[] };
    expect(Object.keys(e)).toEqual(['role', 'profile', 'mode', 'modeText', 'values', 'detection', 'notes', 'communicationsConfiguration', 'cms']);
    expect(Object.keys(e.values[0] as object)).toEqual(['field', 'value', 'unit', 'human', 'origin', 'originText', 'used']);
    const fromProfile = e.values.find((v) => v.field === 'heartbeatLag');
    expect(Object.keys(fromProfile?.origin ?? {})).toEqual(['source', 'profile', 'file', 'line']);
  });

  it('exits 2 with a did-you-mean for an unknown role', async () => {
    const r = await hbctl(valid, ['explain', 'agnet']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('hbctl: unknown role "agnet" (did you mean "agent"?); roles: agent, supervisor\n');
  });

  it('prints the errors and exits 1 when the configuration has error findings', async () => {
    const r = await hbctl(`${FIXTURES}errors`, ['explain', 'agent']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('HB102');
  });
});
