import { describe, expect, it } from 'vitest';
import { InProcessCmsTable, InProcessHeartbeatTable, Runtime } from '../../src/runtime/index.js';
import { config, harness, ManualClock, MODE_A, MODE_B, MODE_B_CMS, S, TestCms, type ConfigSpec } from './harness.js';

const PUSH = { pushKeepAliveTimerMs: 60 * S, channelCleanupTimerMs: 150 * S };

describe('Runtime: edges', () => {
  it('serves every role of the config by name when not told which, whatever the order of the config', () => {
    const h = harness({ roles: { ZED: { values: MODE_A }, ALPHA: { values: MODE_A }, MID: { values: MODE_A } } });
    expect(h.runtime.roles).toEqual(['ALPHA', 'MID', 'ZED']);
  });

  it('a role naming a configuration the config lacks, or none, has no push driver (even beside one named "null")', () => {
    const h = harness({
      roles: { GHOST: { values: MODE_A, configuration: 'MISSING' }, BARE: { values: MODE_A, configuration: null } },
      push: { null: PUSH },
    });
    h.runtime.start();
    expect(h.runtime.pushDrivers).toBe(0);
    h.runtime.login(0, 'GHOST');
    h.runtime.login(1, 'BARE');
    h.clock.advance(120 * S);
    expect(h.recorder.of('keepAlive')).toEqual([]);
    expect(h.clock.pending).toBe(0);
  });

  it('a listener with only the two required methods hears log-offs and CMS status; CMS and push events go nowhere, without failing', () => {
    const clock = new ManualClock();
    const cms = new TestCms(clock);
    const heard: string[] = [];
    const spec: ConfigSpec = { roles: { AGENT: { values: MODE_B_CMS, cms: 'CMS', configuration: 'PUSH' } }, push: { PUSH } };
    const runtime = new Runtime({
      config: config(spec),
      clock,
      heartbeats: new InProcessHeartbeatTable(1),
      cmsTable: new InProcessCmsTable(clock),
      cms,
      listener: {
        loggedOff: (agent, reason) => void heard.push(`${agent} ${reason}`),
        cmsStatusToBrowser: (agent, name, available) => void heard.push(`${agent} ${name} ${available}`),
      },
    });
    runtime.start();
    runtime.login(0, 'AGENT');
    runtime.login(1, 'AGENT');
    runtime.channelAbandoned(1);
    cms.down.add('CMS');
    for (let t = 0; t < 300 * S; t += 30 * S) {
      clock.advance(30 * S);
      runtime.ping(0);
    }
    cms.down.delete('CMS');
    for (let t = 0; t < 300 * S; t += 30 * S) {
      clock.advance(30 * S);
      runtime.ping(0);
    }
    expect(cms.pings.length).toBeGreaterThan(2);
    expect(heard).toEqual(['0 CMS false', '1 watchdog', '0 CMS true']);
  });

  it('each (cmsPingInterval, ackTimeout) has its own check: a role pinging every 30 s keeps its interval beside one pinging every 10 min', () => {
    const spec: ConfigSpec = { roles: { SLOW: { values: { ...MODE_B_CMS, cmsPingIntervalMs: 600 * S }, cms: 'CMS' }, FAST: { values: MODE_B_CMS, cms: 'CMS' } } };
    const h = harness(spec);
    h.runtime.login(0, 'SLOW');
    h.runtime.login(1, 'FAST');
    for (let t = 0; t < 3600 * S; t += 30 * S) {
      h.clock.advance(30 * S);
      h.runtime.ping(0);
      h.runtime.ping(1);
    }
    expect(h.cms.pings.length).toBeGreaterThanOrEqual(3600 / 60 - 1);
  });

  it('each (cmsPingInterval, ackTimeout) has its own check: two CMS systems with different ack timeouts each time out after their own', () => {
    const spec: ConfigSpec = {
      roles: { ON_A: { values: MODE_B_CMS, cms: 'A' }, ON_B: { values: MODE_B_CMS, cms: 'B' } },
      cms: { A: { endpoints: ['tcp://a:1'], ackTimeoutMs: 2 * S }, B: { endpoints: ['tcp://b:1'], ackTimeoutMs: 9 * S } },
    };
    const h = harness(spec);
    h.cms.down.add('A');
    h.cms.down.add('B');
    h.runtime.login(0, 'ON_A');
    h.runtime.login(1, 'ON_B');
    for (let t = 0; t < 300 * S; t += 10 * S) {
      h.clock.advance(10 * S);
      h.runtime.ping(0);
      h.runtime.ping(1);
    }
    const firstPing = (cms: string): number => h.cms.pings.find((p) => p.cms === cms)!.atMs;
    const detected = (cms: string): number => h.recorder.of('outage').find((e) => e.cms === cms)!.atMs;
    expect(detected('A') - firstPing('A')).toBe(2 * S);
    expect(detected('B') - firstPing('B')).toBe(9 * S);
  });

  it('a login again of a logged-in mode B agent keeps its one watchdog (one timer), which stop() cancels', () => {
    const h = harness({ roles: { AGENT: { values: MODE_B } } });
    h.runtime.login(0, 'AGENT');
    h.clock.advance(10 * S);
    h.runtime.login(0, 'AGENT');
    h.runtime.login(0, 'AGENT');
    expect(h.clock.pending).toBe(1);
    h.runtime.stop();
    expect(h.clock.pending).toBe(0);
  });

  it('stop() with agents that never logged in (their slots empty) stops the others', () => {
    const h = harness({ roles: { AGENT: { values: MODE_B } } }, { initialAgents: 8 });
    h.runtime.login(5, 'AGENT');
    h.runtime.stop();
    expect(h.clock.pending).toBe(0);
  });

  it.each([
    [1, [[0, 1], [1, 2], [2, 4], [5000, 8192]]],
    [4, [[3, 4], [4, 8], [7, 8], [8, 16]]],
    [0, [[0, 1], [1, 2]]],
  ])('capacity starts at the initial agents (%i) and doubles as logins need it', (initialAgents, steps) => {
    const h = harness({ roles: { AGENT: { values: MODE_A } } }, { initialAgents });
    expect(h.runtime.agentCapacity).toBe(initialAgents);
    for (const [agent, capacity] of steps) {
      h.runtime.login(agent!, 'AGENT');
      expect(h.runtime.agentCapacity).toBe(capacity);
    }
  });

  it('the default capacity is 1,024 agents', () => {
    const clock = new ManualClock();
    const runtime = new Runtime({
      config: config({ roles: { AGENT: { values: MODE_A } } }),
      clock,
      heartbeats: new InProcessHeartbeatTable(),
      cmsTable: new InProcessCmsTable(clock),
      cms: new TestCms(clock),
      listener: { loggedOff() {}, cmsStatusToBrowser() {} },
    });
    expect(runtime.agentCapacity).toBe(1024);
  });

  it('reads at the capacity boundary answer "none" (an agent number equal to the capacity)', () => {
    const h = harness({ roles: { AGENT: { values: MODE_B, configuration: 'PUSH' } }, push: { PUSH } }, { initialAgents: 4 });
    h.runtime.start();
    h.runtime.login(0, 'AGENT');
    expect(h.runtime.cmsSystemIndexOf(4)).toBe(-1);
    expect(h.runtime.cmsSystemOf(4)).toBeNull();
    expect(h.runtime.isLoggedIn(4)).toBe(false);
    expect(h.runtime.offerCall(4)).toBe('not-logged-in');
    expect(() => {
      h.runtime.channelAbandoned(4);
      h.runtime.channelStalled(4);
      h.runtime.channelActivity(4);
      h.runtime.logoff(4, 'client');
      h.runtime.ping(4);
    }).not.toThrow();
    expect(h.runtime.openChannels('PUSH')).toBe(1);
  });

  it('mode A agents have no watchdog: a login schedules nothing', () => {
    const h = harness({ roles: { AGENT: { values: MODE_A } } });
    h.runtime.login(0, 'AGENT');
    expect(h.clock.pending).toBe(0);
  });
});
