#!/usr/bin/env node
// The baseline of bench/start.mjs: a bare `ws` server that speaks just enough
// of the agent protocol for the load process. `hello` gets a `welcome` with a
// made-up session token; each `ping` frame is parsed (JSON.parse) and answered
// with an `ack` of the supervisor's shape (JSON.stringify). No sessions, no
// watchdog, no validation, no limits, no logging per message.
//
// Prints {"event":"listening","url":"http://127.0.0.1:PORT"} once listening;
// stops on SIGTERM.
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 4096, path: '/agent' });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString());
    if (m.type === 'ping') {
      ws.send(JSON.stringify({ type: 'ack', seq: m.seq, serverTimeMs: Date.now() }));
    } else if (m.type === 'hello') {
      ws.send(
        JSON.stringify({
          type: 'welcome',
          version: 1,
          session: randomBytes(16).toString('base64url'),
          agent: m.agent,
          role: m.role,
          resumed: false,
          serverTimeMs: Date.now(),
          browserPingIntervalMs: 1000,
          mode: 'B',
          pushKeepAliveTimerMs: null,
          channelCleanupTimerMs: null,
        }),
      );
    }
  });
});
wss.on('listening', () => {
  const { port } = wss.address();
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => {
  for (const ws of wss.clients) ws.terminate();
  wss.close(() => process.exit(0));
});
