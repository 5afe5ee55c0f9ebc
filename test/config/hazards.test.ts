import { describe, expect, it } from 'vitest';
import { isYaml11Boolean, sexagesimalValue } from '../../src/config/hazards.js';
import { validateDocument } from '../../src/config/schema/validate.js';
import { docOf, summary } from '../fixtures/schema/doc.js';

const HEAD = (kind: string) => `apiVersion: hbctl/v1\nkind: ${kind}\nmetadata: {name: x}\n`;
const check = (text: string) => validateDocument(docOf(text));

describe('HB104 yaml11-boolean', () => {
  it('is an error where a boolean is expected, replacing the type error', () => {
    const findings = check(`${HEAD('HeartbeatProfile')}spec:\n  watchdogEnabled: yes\n`);
    expect(findings.map(summary)).toEqual(["HB104 error 5:20 watchdogEnabled: YAML 1.2 reads 'yes' as a string, not a boolean; write true"]);
  });
  it.each(['no', 'Off', 'N', 'OFF'])('%s becomes "write false"', (word) => {
    const [f] = check(`${HEAD('CommunicationsConfiguration')}spec: {cached: ${word}}\n`);
    expect(f).toMatchObject({ rule: 'HB104', severity: 'error', line: 4, column: 16 });
    expect(f!.message).toContain('write false');
  });
  it('is a warning where a string is expected', () => {
    const [f, ...rest] = check(`${HEAD('HeartbeatProfile')}spec:\n  description: on\n`);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'HB104', severity: 'warning', line: 5, column: 16 });
    expect(f!.message).toContain("YAML 1.1 read 'on' as the boolean true");
  });
  it('is not raised for quoted scalars or keys', () => {
    expect(check(`${HEAD('HeartbeatProfile')}spec:\n  description: "yes"\nmetadata2: 1\n`).map((f) => f.rule)).toEqual(['HB101']);
    expect(check(`${HEAD('CommunicationsProfile')}spec:\n  driver: d\n  parameterOverrides: {y: 1}\n`)).toEqual([]);
  });
  it('recognises the YAML 1.1 words in any case', () => {
    for (const w of ['y', 'Y', 'yes', 'YES', 'n', 'no', 'on', 'ON', 'off', 'oFf']) expect(isYaml11Boolean(w), w).toBe(true);
    for (const w of ['true', 'false', 'yess', 'o', '']) expect(isYaml11Boolean(w), w).toBe(false);
  });
});

describe('HB105 yaml11-sexagesimal', () => {
  it('is an error where a duration is expected, replacing HB102', () => {
    const findings = check(`${HEAD('HeartbeatProfile')}spec:\n  heartbeatLag: 1:30\n`);
    expect(findings.map(summary)).toEqual(['HB105 error 5:17 heartbeatLag: YAML 1.1 read 1:30 as 90; write 90 or 1m30s']);
  });
  it('is a warning elsewhere', () => {
    const [f] = check(`${HEAD('CommunicationsConfiguration')}spec:\n  parameters: {ChannelCleanupTimer: 10:00}\n`);
    expect(f).toMatchObject({ rule: 'HB105', severity: 'warning', line: 5, column: 37 });
    expect(f!.message).toContain('base-60 number 600');
  });
  it('computes what YAML 1.1 read', () => {
    expect(sexagesimalValue('1:30')).toBe(90);
    expect(sexagesimalValue('1:30:00')).toBe(5400);
    expect(sexagesimalValue('-2:05')).toBe(-125);
    expect(sexagesimalValue('1:75')).toBeUndefined();
    expect(sexagesimalValue('90')).toBeUndefined();
  });
});

describe('HB106 yaml11-octal', () => {
  it('warns about a leading-zero integer', () => {
    const findings = check(`${HEAD('KeepAliveSettings')}spec:\n  probeCount: 010\n`);
    expect(findings.map(summary)).toEqual([
      'HB106 warning 5:15 YAML 1.1 read 010 as octal 8; YAML 1.2 reads 10; write 10 (or 8) without the leading zero',
    ]);
  });
  it('is not raised for 0, 0o10 or quoted "010"', () => {
    expect(check(`${HEAD('WorkstationListener')}spec: {address: "//h:1", grace: 0, srvid: 0o10}\n`)).toEqual([]);
    expect(check(`${HEAD('WorkstationListener')}spec: {address: "//h:1", srvgrp: "010"}\n`)).toEqual([]);
  });
});

describe('hazards at scale', () => {
  it('reports 150,000 hazards of one document without overflowing the call stack (regression: push(...findings))', () => {
    const items = '  - yes\n'.repeat(150_000);
    const doc = docOf(`apiVersion: hbctl/v1\nkind: HeartbeatProfile\nmetadata: {name: BIG}\nspec:\n  description: x\nitems:\n${items}`);
    const findings = validateDocument(doc);
    expect(findings.filter((f) => f.rule === 'HB104')).toHaveLength(150_000);
    // About 2 s alone; a loaded machine needs more than the default 5 s.
  }, 60_000);
});
