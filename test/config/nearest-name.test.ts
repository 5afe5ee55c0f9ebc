import { describe, expect, it } from 'vitest';
import { nearestName } from '../../src/config/nearest-name.js';

describe('nearestName: the one "did you mean" of hbctl', () => {
  it.each([
    ['agnet', ['agent', 'supervisor'], 'agent'],
    ['AGENT', ['agent'], 'agent'],
    ['supervisr', ['agent', 'supervisor'], 'supervisor'],
    ['spce', ['spec', 'kind', 'metadata'], 'spec'],
    ['heartbeatLagg', ['heartbeatLag', 'heartbeatWatchdogLag'], 'heartbeatLag'],
    ['Push KeepAlive', ['Voice', 'Push Keep Alive'], 'Push Keep Alive'],
    ['HeartbeatProf', ['HeartbeatProfile', 'BusinessRole'], 'HeartbeatProfile'],
    ['xyz', ['agent', 'supervisor'], undefined],
    ['A', ['B', 'C'], 'B'],
    ['A', ['XY'], undefined],
    ['anything', [], undefined],
  ])('suggests for %j among %j: %j', (input, candidates, expected) => {
    expect(nearestName(input, candidates)).toBe(expected);
  });

  it('never suggests the input itself, and breaks ties alphabetically', () => {
    expect(nearestName('STRICT', ['STRICT'])).toBeUndefined();
    expect(nearestName('cab', ['cbb', 'caa'])).toBe('caa');
  });

  it('takes the only candidate that starts with what was typed, not an ambiguous prefix', () => {
    expect(nearestName('dur', ['duration', 'description'])).toBe('duration');
    expect(nearestName('wat', ['watchdogEnabled', 'watchdogSleepTime'])).toBeUndefined();
  });
});
