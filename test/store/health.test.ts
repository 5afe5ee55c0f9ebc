import { describe, expect, it } from 'vitest';
import { StoreHealth, type StoreEvent } from '../../src/store/index.js';

describe('store health (the figures behind hbctl_store_up and hbctl_store_errors_total)', () => {
  it('starts down with no errors; up and down are reported once per change, with the time of the change', () => {
    let nowMs = 100;
    const health = new StoreHealth(() => nowMs);
    const events: string[] = [];
    health.onEvent((e: StoreEvent) => events.push(`${e.type}@${e.status.sinceMs}`));
    expect(health.status()).toEqual({ up: false, errors: 0, sinceMs: 100, lastError: undefined });
    nowMs = 200;
    health.setUp(true);
    health.setUp(true);
    nowMs = 300;
    health.setUp(false);
    expect(events).toEqual(['up@200', 'down@300']);
  });

  it('every failed operation is counted and reported, and takes the store down', () => {
    const health = new StoreHealth(() => 0);
    health.setUp(true);
    const events: StoreEvent['type'][] = [];
    const off = health.onEvent((e) => events.push(e.type));
    health.failed(new Error('Command timed out'));
    health.failed('refused');
    expect(events).toEqual(['error', 'down', 'error']);
    expect(health.status()).toMatchObject({ up: false, errors: 2, lastError: 'refused' });
    off();
    health.failed(new Error('x'));
    expect(events).toHaveLength(3);
  });

  it('counts commands and round trips: a pipeline is one round trip', () => {
    const health = new StoreHealth(() => 0);
    health.sent(1);
    health.sent(250);
    expect(health.traffic).toEqual({ commands: 251, roundTrips: 2 });
  });
});
