import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessHeartbeatTable, type RedisStore } from '../../../src/store/index.js';
import { closeNode, eventually, freshPrefix, lock, markUnavailable, openNode, sleep } from './helpers.js';
import { RedisServer, redisAvailability } from './redis-server.js';

const availability = redisAvailability();
if (!availability.run) console.warn(`Redis Cluster tests ${availability.skipMessage}`);

/** Three masters sharing the 16,384 slots, on loopback. */
async function startCluster(dir: string): Promise<RedisServer[]> {
  const nodes = await Promise.all([0, 1, 2].map(() => RedisServer.startClusterNode(dir)));
  await execa('/usr/bin/redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes']);
  for (const node of nodes) {
    let state = '';
    const startMs = Date.now();
    while (!state.includes('cluster_state:ok')) {
      if (Date.now() - startMs > 10_000) throw new Error(`cluster node ${node.port} not ready: ${state}`);
      state = (await execa('/usr/bin/redis-cli', ['-p', String(node.port), 'cluster', 'info'])).stdout;
      if (!state.includes('cluster_state:ok')) await sleep(100);
    }
  }
  return nodes;
}

describe.runIf(availability.run)('a store on a Redis Cluster (several redis:// seeds)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hbctl-cluster-'));
  let servers: RedisServer[];
  let cluster: Cluster;
  let url: string;
  const opened: RedisStore[] = [];
  beforeAll(async () => {
    servers = await startCluster(dir);
    url = servers.map((s) => `redis://127.0.0.1:${s.port}`).join(',');
    cluster = new Cluster(servers.map((s) => ({ host: '127.0.0.1', port: s.port })));
  }, 30_000);
  afterAll(async () => {
    await Promise.all(opened.map(closeNode));
    cluster.disconnect();
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('two nodes share the lock and hear each other\'s status changes; pings of agents in every slot are written and found', async () => {
    const prefix = freshPrefix();
    const options = { agentKeyOf: (agent: number) => `agent-${agent}` };
    const a = await openNode({ url }, prefix, options);
    const b = await openNode({ url }, prefix, options);
    opened.push(a, b);
    expect(a.link.isCluster).toBe(true);
    expect(a.status().up).toBe(true);

    expect(await lock(a.cmsTable, 'cms', 10_000)).toMatch(/^[0-9a-f]{12}:\d+$/);
    expect(await lock(b.cmsTable, 'cms', 10_000)).toBeNull();
    const heardByB: boolean[] = [];
    b.cmsTable.subscribe((_cms, available) => heardByB.push(available));
    expect(await markUnavailable(a.cmsTable, 'cms', Date.now())).toBe(true);
    await eventually(() => heardByB.length === 1, 3000, 'the change reaching node b');

    const table = new InProcessHeartbeatTable(100, a.writeBehind);
    for (let agent = 0; agent < 100; agent++) table.recordBrowserPing(agent, 5000 + agent);
    await new Promise<void>((resolve) => a.writeBehind.flush(resolve));
    expect(a.status().errors).toBe(0);
    expect(await cluster.get(`${prefix}agent:{agent-77}:ping`)).toBe('5077');
    const found = await new Promise<number | undefined>((resolve) => b.lookupLastPing('agent-42', (atMs) => resolve(atMs)));
    expect(found).toBe(5042);
  });
});
