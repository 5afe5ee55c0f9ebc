#!/usr/bin/env node
// Writes a valid, fully cross-referenced landscape of N hbctl documents
// (default 10,000) as YAML files of 50 documents each (--per-file N).
// Usage: node bench/gen-landscape.mjs [dir] [--docs N] [--per-file N]     (prints the directory)
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SHARE = { heartbeat: 0.15, role: 0.3, driver: 0.05, profile: 0.15, configuration: 0.1, listener: 0.15 };

/** Document texts, in an order that mixes kinds across files. */
export function landscapeDocuments(total = 10_000) {
  const n = Object.fromEntries(Object.entries(SHARE).map(([k, s]) => [k, Math.max(1, Math.floor(total * s))]));
  n.cms = Math.max(1, total - 1 - Object.values(n).reduce((a, b) => a + b, 0));
  const head = (kind, name) => `apiVersion: hbctl/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  labels: {bench: "true"}\nspec:\n`;
  const docs = [`${head('KeepAliveSettings', 'system')}  idleTime: 5m\n  probeInterval: 30\n  probeCount: 4\n`];
  for (let i = 0; i < n.heartbeat; i++) {
    const name = i === 0 ? 'DEFAULT' : `HP${i}`;
    const watchdog = i % 2 === 0;
    docs.push(
      `${head('HeartbeatProfile', name)}  browserPingInterval: 30\n  heartbeatLag: ${90 + (i % 60)}\n` +
        (watchdog ? `  watchdogEnabled: true\n  watchdogSleepTime: 60s\n  heartbeatWatchdogLag: 2m30s\n  cmsPingInterval: ${i % 4 === 0 ? 30 : 0}\n` : '') +
        `  description: Bench profile ${i}\n`,
    );
  }
  for (let i = 0; i < n.driver; i++) {
    docs.push(
      i % 5 === 0
        ? `${head('CommunicationsDriver', `D${i}`)}  channelType: Push Keep Alive\n  inbound: true\n  libraryName: sscmimed\n  parameters:\n    PushKeepAliveTimer: {type: seconds, default: 180, required: true}\n`
        : `${head('CommunicationsDriver', `D${i}`)}  channelType: Voice\n  inbound: true\n  outbound: true\n  libraryName: sscmctid\n  parameters:\n    MaxCalls: {type: integer, default: 4}\n    Trace: {type: boolean, default: false}\n    Host: {type: string, required: true, default: "pbx.example.com"}\n`,
    );
  }
  for (let i = 0; i < n.profile; i++) {
    const d = i % n.driver;
    const override = d % 5 === 0 ? '    PushKeepAliveTimer: 3m\n' : `    MaxCalls: ${1 + (i % 8)}\n`;
    docs.push(`${head('CommunicationsProfile', `P${i}`)}  driver: D${d}\n  parameterOverrides:\n${override}`);
  }
  for (let i = 0; i < n.configuration; i++) {
    const profiles = [`P${i}`];
    for (let j = i + n.configuration; j < n.profile; j += n.configuration) profiles.push(`P${j}`);
    docs.push(`${head('CommunicationsConfiguration', `C${i}`)}  profiles: [${profiles.join(', ')}]\n  parameters:\n    ChannelCleanupTimer: 600\n  cached: ${i % 2 === 0}\n`);
  }
  for (let i = 0; i < n.cms; i++) docs.push(`${head('Cms', `CMS${i}`)}  endpoints: [tcp://cms${i}a.example.com:7001, tcp://cms${i}b.example.com:7001]\n  ackTimeout: 5s\n`);
  for (let i = 0; i < n.role; i++) {
    docs.push(`${head('BusinessRole', `ROLE_${i}`)}  heartbeatProfile: ${i % n.heartbeat === 0 ? 'DEFAULT' : `HP${i % n.heartbeat}`}\n  communicationsConfiguration: C${i % n.configuration}\n  cms: CMS${i % n.cms}\n`);
  }
  for (let i = 0; i < n.listener; i++) {
    const tail =
      i % 2 === 0
        ? `  clopt: "-A -- -n //ws${i}.example.com:${5000 + (i % 1000)} -d /dev/tcp -K ${['client', 'handler', 'both'][i % 3]} -x 10"\n`
        : `  address: //ws${i}.example.com:${5000 + (i % 1000)}\n  device: /dev/tcp\n  keepAlive: handler\n  maxClients: 10\n`;
    docs.push(`${head('WorkstationListener', `WSL${i}`)}  srvgrp: WSLGRP\n  srvid: ${1 + (i % 30000)}\n  restart: true\n  grace: 0\n${tail}`);
  }
  return docs;
}

export function writeLandscape(dir, total = 10_000, perFile = 50) {
  mkdirSync(dir, { recursive: true });
  const docs = landscapeDocuments(total);
  const digits = Math.max(4, String(Math.ceil(docs.length / perFile) - 1).length);
  for (let f = 0; f * perFile < docs.length; f++) {
    const name = `landscape-${String(f).padStart(digits, '0')}.yaml`;
    writeFileSync(join(dir, name), docs.slice(f * perFile, (f + 1) * perFile).join('---\n'));
  }
  return { dir, documents: docs.length, files: Math.ceil(docs.length / perFile) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const opt = (name, def) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
  const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? mkdtempSync(join(tmpdir(), 'hbctl-landscape-'));
  const r = writeLandscape(dir, opt('--docs', 10_000), opt('--per-file', 50));
  process.stdout.write(`${r.dir}\n`);
}
