import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/config/schema/normalize.js';
import { docsOf } from '../fixtures/schema/doc.js';

const HEAD = (kind: string, name = 'x') => `apiVersion: hbctl/v1\nkind: ${kind}\nmetadata: {name: ${name}}\n`;
const run = (text: string) => normalize(docsOf(text));

describe('normalize', () => {
  it('keeps every valid fixture, one entity per document', () => {
    const dir = new URL('../fixtures/schema/valid/', import.meta.url);
    const text = readdirSync(dir).map((f) => readFileSync(new URL(f, dir), 'utf8')).join('---\n');
    const { landscape, findings } = run(text);
    expect(findings).toEqual([]);
    expect(landscape.heartbeatProfiles).toHaveLength(1);
    expect(landscape.workstationListeners).toHaveLength(2);
    expect(landscape.cms[0]!.spec).toEqual({ endpoints: ['tcp://cms1.example.com:7001', 'tcp://[::1]:7002'], ackTimeoutMs: 5000 });
  });

  it('converts durations to ms', () => {
    const { landscape } = run(`${HEAD('HeartbeatProfile', 'DEFAULT')}spec:\n  browserPingInterval: 30\n  heartbeatLag: 2m30s\n  watchdogEnabled: true\n  watchdogSleepTime: 1m\n  heartbeatWatchdogLag: "150"\n  cmsPingInterval: 0\n`);
    const [p] = landscape.heartbeatProfiles;
    expect(p).toMatchObject({ kind: 'HeartbeatProfile', name: 'DEFAULT' });
    expect(p!.spec).toEqual({
      browserPingIntervalMs: 30_000,
      heartbeatLagMs: 150_000,
      watchdogEnabled: true,
      watchdogSleepTimeMs: 60_000,
      heartbeatWatchdogLagMs: 150_000,
      cmsPingIntervalMs: 0,
    });
    expect(p!.doc.file).toBe('test.yaml');
  });

  it('drops wrong-typed and invalid values without findings of its own', () => {
    const { landscape, findings } = run(`${HEAD('HeartbeatProfile')}spec:\n  browserPingInterval: abc\n  heartbeatLag: 0\n  watchdogEnabled: yes\n  description: 5\n`);
    expect(findings).toEqual([]);
    expect(landscape.heartbeatProfiles[0]!.spec).toEqual({});
  });

  it('skips documents without a known kind or a name', () => {
    const { landscape } = run(`apiVersion: hbctl/v1\nkind: Nope\nmetadata: {name: a}\n---\n${HEAD('Cms', '""')}spec: {}\n---\n- 1\n`);
    expect(Object.values(landscape).flat()).toEqual([]);
  });

  it('fills defaults: parameters, profiles, cached, keepAlive', () => {
    const { landscape } = run(`${HEAD('CommunicationsProfile')}spec: {driver: d}\n---\n${HEAD('CommunicationsConfiguration')}spec: {}\n---\n${HEAD('WorkstationListener')}spec: {address: "//h:1"}\n`);
    expect(landscape.communicationsProfiles[0]!.spec).toEqual({ driver: 'd', parameterOverrides: {} });
    expect(landscape.communicationsConfigurations[0]!.spec).toEqual({ profiles: [], parameters: {}, cached: false });
    expect(landscape.workstationListeners[0]!.spec).toEqual({ address: '//h:1', keepAlive: 'none' });
  });

  it('copies driver parameters that have a valid type', () => {
    const { landscape } = run(`${HEAD('CommunicationsDriver')}spec:\n  channelType: Push Keep Alive\n  libraryName: sscmimed\n  parameters:\n    PushKeepAliveTimer: {type: seconds, default: 180, required: true}\n    Bad: {type: int}\n    Half: {type: integer, default: 1.5}\n`);
    expect(landscape.communicationsDrivers[0]!.spec).toEqual({
      channelType: 'Push Keep Alive',
      libraryName: 'sscmimed',
      parameters: { PushKeepAliveTimer: { type: 'seconds', default: 180, required: true }, Half: { type: 'integer' } },
    });
  });

  it('parses clopt into address, device, keepAlive and maxClients', () => {
    const { landscape, findings } = run(`${HEAD('WorkstationListener')}spec:\n  srvgrp: WSLGRP\n  srvid: 1000\n  restart: true\n  grace: 0\n  clopt: "-A -- -n //ws:5120 -d /dev/tcp -K both -x 10"\n`);
    expect(findings).toEqual([]);
    expect(landscape.workstationListeners[0]!.spec).toEqual({
      srvgrp: 'WSLGRP',
      srvid: 1000,
      restart: true,
      grace: 0,
      clopt: '-A -- -n //ws:5120 -d /dev/tcp -K both -x 10',
      address: '//ws:5120',
      device: '/dev/tcp',
      keepAlive: 'both',
      maxClients: 10,
    });
  });
});

describe('HB242 clopt-unparsable', () => {
  it('points at the offending character of a one-line clopt', () => {
    const { landscape, findings } = run(`${HEAD('WorkstationListener')}spec:\n  clopt: "-A -- -n //h:1 -K always"\n`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'HB242', severity: 'error', line: 5, column: 29, path: 'spec.clopt' });
    expect(findings[0]!.message).toBe('clopt cannot be parsed: -K takes client, handler, both or none; got "always" (at character 19)');
    expect(landscape.workstationListeners[0]!.spec).toEqual({ clopt: '-A -- -n //h:1 -K always', keepAlive: 'none' });
  });

  it('plain scalars are not shifted by a quote', () => {
    const { findings } = run(`${HEAD('WorkstationListener')}spec:\n  clopt: -A -- -n //h:1 -K always\n`);
    expect(findings[0]).toMatchObject({ line: 5, column: 28 });
  });

  it('points at the node when the string spans lines', () => {
    const { findings } = run(`${HEAD('WorkstationListener')}spec:\n  clopt: >-\n    -A -- -n //h:1\n    -K always\n`);
    expect(findings[0]).toMatchObject({ rule: 'HB242', line: 5, column: 10 });
    expect(findings[0]!.message).toContain('-K takes');
  });
});

describe('Scenario documents', () => {
  it('keep their raw spec', () => {
    const { landscape } = run(`${HEAD('Scenario', 's')}spec: {agents: 3}\n`);
    expect(landscape.scenarios[0]).toMatchObject({ kind: 'Scenario', name: 's', spec: { agents: 3 } });
  });
});
