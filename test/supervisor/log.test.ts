import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSupervisorLogger } from '../../src/supervisor/log.js';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

describe('supervisor logs', () => {
  it('write one JSON line per event with its fields at the top level', () => {
    const out = capture();
    const log = createSupervisorLogger({ destination: out.stream });
    log.info({ event: 'logoff', agent: '1001', role: 'AGENT', reason: 'watchdog' }, 'agent logged off');
    log.warn({ event: 'cms-status', cms: 'cms-a', available: false }, 'CMS error message');
    const lines = out.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 30, event: 'logoff', agent: '1001', role: 'AGENT', reason: 'watchdog', msg: 'agent logged off' });
    expect(lines[1]).toMatchObject({ level: 40, event: 'cms-status', cms: 'cms-a' });
    expect(String(lines[0]!['time'])).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('print readable lines for a terminal with --log-format pretty', () => {
    const out = capture();
    const log = createSupervisorLogger({ format: 'pretty', destination: out.stream, colorize: false });
    log.info({ event: 'login', agent: '1001', role: 'AGENT' }, 'agent logged in');
    const text = out.text();
    expect(text).toContain('INFO');
    expect(text).toContain('agent logged in');
    expect(text).toContain('agent: "1001"');
    expect(() => JSON.parse(text)).toThrow();
  });
});
