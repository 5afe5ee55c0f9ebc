import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { explainRole } from '../../../src/config/explain/role.js';
import { formatExplainText } from '../../../src/cli/format/explain.js';
import { table } from '../../../src/cli/format/table.js';
import { compiledFixture } from './_compiled.js';

const plain = new Chalk({ level: 0 });

function explainText(role: string): string {
  const e = explainRole(compiledFixture(), role);
  if (e === undefined) throw new Error(`no role ${role}`);
  return formatExplainText(e, plain);
}

describe('explain text format', () => {
  it('heads with the role, its profile and mode', () => {
    expect(explainText('agent').split('\n')[0]).toBe('Role agent — heartbeat profile DEFAULT, mode A');
  });

  it('prints every heartbeat value with its origin, aligned', () => {
    const text = explainText('agent');
    expect(text).toContain('  browserPingInterval   30s           ← profile DEFAULT (profiles/hb.yaml:6)\n');
    expect(text).toContain('  heartbeatLag          2m30s (150s)  ← profile DEFAULT (profiles/hb.yaml:6)\n');
    expect(text).toMatch(/^ {2}watchdogEnabled .*← built-in default$/m);
  });

  it('marks values the mode ignores', () => {
    expect(explainText('agent')).toMatch(/heartbeatWatchdogLag .*← built-in default {2}\(not used in mode A\)/);
    expect(explainText('supervisor')).toMatch(/heartbeatLag .*\(not used in mode B\+CMS\)/);
  });

  it('states the detection bounds, including the CMS outage bound in mode B+CMS', () => {
    expect(explainText('agent')).toContain('browser death: a dead browser is noticed only on the next CMS event');
    expect(explainText('supervisor')).toMatch(/CMS outage: a CMS outage is found at most/);
  });

  it('lists the communications configuration with driver parameters and their origin', () => {
    const text = explainText('agent');
    expect(text).toContain('Communications configuration Contact Center');
    expect(text).toMatch(/ChannelCleanupTimer {2}10m \(600s\)/);
    expect(text).toContain('profile Keep Alive → driver PKA (Push Keep Alive, library sscmimed)');
    expect(text).toMatch(/PushKeepAliveTimer {2}2m \(120s\) {2}← override in profile Keep Alive/);
    expect(text).toContain('push keep-alive: a heartbeat every 2m (120s); abandoned channels are dropped after 10m (600s)');
  });

  it('says when no configuration is assigned, and shows the CMS', () => {
    const text = explainText('supervisor');
    expect(text).toContain('Communications configuration\n  none assigned');
    expect(text).toMatch(/CMS telephony\n {2}endpoints {3}tcp:\/\/cms1\.example\.com:7001\n {2}ackTimeout {2}5s/);
  });

  it('has no escape codes at colour level 0 and some at level 1', () => {
    const e = explainRole(compiledFixture(), 'agent');
    expect(e).toBeDefined();
    if (e === undefined) return;
    expect(formatExplainText(e, plain)).not.toMatch(/\u001b\[/);
    expect(formatExplainText(e, new Chalk({ level: 1 }))).toMatch(/\u001b\[1m/);
  });
});

describe('table', () => {
  it('aligns columns two spaces apart and does not pad the last cell', () => {
    expect(table([['a', 'bb', 'c'], ['ccc', 'd', 'e']])).toEqual(['a    bb  c', 'ccc  d   e']);
  });
});
