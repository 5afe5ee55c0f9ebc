import { describe, expect, it } from 'vitest';
import { PushChannels } from '../../src/runtime/push-channels.js';
import { ManualClock, S } from './harness.js';

const TIMERS = { pushKeepAliveTimerMs: 60 * S, channelCleanupTimerMs: 150 * S };

function channels() {
  const clock = new ManualClock();
  const sent: [string, number][] = [];
  const cleaned: [number, string][] = [];
  const push = new PushChannels(clock, {
    keepAliveSent: (configuration, agent) => void sent.push([configuration, agent]),
    channelCleaned: (agent, configuration) => void cleaned.push([agent, configuration]),
  });
  const a = push.engineFor('A', TIMERS);
  const b = push.engineFor('B', TIMERS);
  push.grow(8);
  push.start();
  return { clock, push, a, b, sent, cleaned };
}

describe('push channels of the runtime, on their own', () => {
  it('one engine per configuration name, however often it is asked for', () => {
    const { push, a, b } = channels();
    expect([a, b, push.engineFor('A', TIMERS), push.engineCount]).toEqual([0, 1, 0, 2]);
  });

  it('a live channel moves to the engine of the new login: closed on the old one (not cleaned), opened on the new one', () => {
    const { clock, push, a, b, sent, cleaned } = channels();
    push.loggedIn(3, a);
    push.loggedIn(3, b);
    expect([push.openChannels('A'), push.openChannels('B')]).toEqual([0, 1]);
    clock.advance(60 * S);
    expect(sent).toEqual([
      ['A', -1],
      ['B', -1],
      ['B', 3],
    ]);
    clock.advance(600 * S);
    expect(cleaned).toEqual([]);
  });

  it('an abandoned channel stays with its old engine until cleaned, while the new login opens one on the other', () => {
    const { clock, push, a, b, cleaned } = channels();
    push.loggedIn(3, a);
    push.abandon(3);
    push.loggedIn(3, b);
    expect([push.openChannels('A'), push.openChannels('B')]).toEqual([1, 1]);
    clock.advance(210 * S);
    expect(cleaned).toEqual([[3, 'A']]);
    expect([push.openChannels('A'), push.openChannels('B')]).toEqual([0, 1]);
  });

  it('a stalled channel that got cleaned is gone for its agent: the next login opens a new one', () => {
    const { clock, push, a, sent } = channels();
    push.loggedIn(2, a);
    push.stalled(2);
    clock.advance(210 * S);
    expect(push.openChannels('A')).toBe(0);
    push.loggedIn(2, a);
    expect(push.openChannels('A')).toBe(1);
    sent.length = 0;
    clock.advance(60 * S);
    expect(sent).toEqual([
      ['A', -1],
      ['A', 2],
      ['B', -1],
    ]);
  });

  it('channel ids are never reused: many logins, crashes and cleanups keep every agent on its own channel', () => {
    const { clock, push, a, cleaned } = channels();
    for (let round = 0; round < 40; round++) {
      for (let agent = 0; agent < 8; agent++) {
        push.loggedIn(agent, a);
        if ((agent + round) % 3 === 0) push.abandon(agent);
      }
      clock.advance(60 * S);
    }
    clock.advance(300 * S);
    let abandoned = 0;
    for (let round = 0; round < 40; round++) for (let agent = 0; agent < 8; agent++) if ((agent + round) % 3 === 0) abandoned++;
    expect(cleaned).toHaveLength(abandoned);
    expect(push.openChannels('A')).toBe([0, 1, 2, 3, 4, 5, 6, 7].filter((agent) => (agent + 39) % 3 !== 0).length);
  });

  it('events on agents past the arrays, or without a channel, change nothing', () => {
    const { clock, push, sent } = channels();
    for (const agent of [0, 7, 8, 9, 1000]) {
      push.activity(agent);
      push.stalled(agent);
      push.abandon(agent);
      push.close(agent);
    }
    clock.advance(60 * S);
    expect(sent).toEqual([
      ['A', -1],
      ['B', -1],
    ]);
  });

  it('stop() stops every engine', () => {
    const { clock, push, a } = channels();
    push.loggedIn(0, a);
    push.stop();
    expect(clock.pending).toBe(0);
  });
});
