import { describe, expect, it, vi } from 'vitest';
import type { SimulateCliOptions } from '../../src/cli/commands/simulate-options.js';
import { hbctl } from './_io.js';

const seen = vi.hoisted(() => ({ opts: [] as SimulateCliOptions[] }));

vi.mock('../../src/cli/commands/simulate.js', () => ({
  simulateCommand: async (opts: SimulateCliOptions) => {
    seen.opts.push(opts);
    return 0;
  },
}));

describe('hbctl simulate option parsing', () => {
  it('passes paths and every option to simulateCommand as SimulateCliOptions', async () => {
    seen.opts = [];
    const r = await hbctl('/', [
      'simulate', 'a', 'b', '--scenario', 's.yaml', '--seed', '42', '--format', 'json', '--html', 'r.html',
      '--compare', 'DEFAULT,FAST', '--set', 'heartbeatLag=30,60', '--set', 'browserPingInterval=10,20', '--quiet',
    ]);
    expect(r.code).toBe(0);
    expect(seen.opts).toEqual([
      {
        paths: ['a', 'b'],
        scenario: 's.yaml',
        seed: '42',
        format: 'json',
        html: 'r.html',
        compare: 'DEFAULT,FAST',
        set: ['heartbeatLag=30,60', 'browserPingInterval=10,20'],
        quiet: true,
      },
    ]);
  });

  it('leaves optional options out and defaults format to text, set to [], paths to []', async () => {
    seen.opts = [];
    await hbctl('/', ['simulate', '--scenario', 's.yaml']);
    expect(seen.opts).toEqual([{ paths: [], scenario: 's.yaml', format: 'text', set: [], quiet: false }]);
  });

  it('rejects a format the simulator has no report for', async () => {
    const r = await hbctl('/', ['simulate', '--scenario', 's.yaml', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hbctl: option '--format <format>' argument 'xml' is invalid/);
  });
});
