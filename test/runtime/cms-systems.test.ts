import { describe, expect, it } from 'vitest';
import { BUILTIN_CMS_ACK_TIMEOUT_MS } from '../../src/config/builtin.js';
import { capacityFor, grownInt32, grownUint8, growSlots, withRoom } from '../../src/runtime/capacity.js';
import { cmsOfRole, cmsSystemsOf, IMPLICIT_CMS, IMPLICIT_CMS_ACK_TIMEOUT_MS, systemsOfCms } from '../../src/runtime/index.js';
import { config, MODE_A, S } from './harness.js';

const ONE = config({
  roles: { OWN: { values: MODE_A, cms: 'LB' }, NONE: { values: MODE_A }, GHOST: { values: MODE_A, cms: 'GHOST' } },
  cms: { LB: { endpoints: ['tcp://b:1', 'tcp://a:1'], ackTimeoutMs: 7 * S } },
});
const TWO = config({
  roles: { OWN: { values: MODE_A, cms: 'SINGLE' }, NONE: { values: MODE_A } },
  cms: { SINGLE: { endpoints: ['tcp://s:1'], ackTimeoutMs: 3 * S }, EMPTY: { endpoints: [], ackTimeoutMs: 2 * S } },
});

describe('CMS systems of a compiled config (SPEC §1, several CMS systems)', () => {
  it.each([
    ['a role with its own Cms', ONE, 'OWN', 'LB'],
    ['a role without one, when the config has exactly one', ONE, 'NONE', 'LB'],
    ['a role naming a Cms the config lacks', ONE, 'GHOST', 'GHOST'],
    ['a role without one, when the config has several', TWO, 'NONE', IMPLICIT_CMS],
    ['a role the config lacks, with several Cms', TWO, 'constructor', IMPLICIT_CMS],
  ])('the Cms of %s', (_what, compiled, role, cms) => {
    expect(cmsOfRole(compiled, role)).toBe(cms);
  });

  it('several endpoints are several systems NAME@endpoint, in endpoint order; one endpoint (or none) is the system NAME', () => {
    expect(systemsOfCms(ONE, 'LB')).toEqual([
      { name: 'LB@tcp://b:1', cms: 'LB', endpoint: 'tcp://b:1', ackTimeoutMs: 7 * S },
      { name: 'LB@tcp://a:1', cms: 'LB', endpoint: 'tcp://a:1', ackTimeoutMs: 7 * S },
    ]);
    expect(systemsOfCms(TWO, 'SINGLE')).toEqual([{ name: 'SINGLE', cms: 'SINGLE', endpoint: 'tcp://s:1', ackTimeoutMs: 3 * S }]);
    expect(systemsOfCms(TWO, 'EMPTY')).toEqual([{ name: 'EMPTY', cms: 'EMPTY', endpoint: null, ackTimeoutMs: 2 * S }]);
  });

  it('a Cms without a document is one system with the built-in ack timeout', () => {
    expect(systemsOfCms(ONE, 'hasOwnProperty')).toEqual([{ name: 'hasOwnProperty', cms: 'hasOwnProperty', endpoint: null, ackTimeoutMs: IMPLICIT_CMS_ACK_TIMEOUT_MS }]);
    expect(IMPLICIT_CMS_ACK_TIMEOUT_MS).toBe(BUILTIN_CMS_ACK_TIMEOUT_MS);
  });

  it('the systems of a set of roles: each once, sorted by name', () => {
    expect(cmsSystemsOf(ONE, ['GHOST', 'OWN', 'NONE']).map((s) => s.name)).toEqual(['GHOST', 'LB@tcp://a:1', 'LB@tcp://b:1']);
    expect(cmsSystemsOf(TWO, ['OWN', 'NONE', 'OWN']).map((s) => s.name)).toEqual(['SINGLE', IMPLICIT_CMS]);
    expect(cmsSystemsOf(TWO, [])).toEqual([]);
  });
});

describe('per-agent arrays grow by doubling', () => {
  it.each([
    [0, 0, 1],
    [1, 0, 1],
    [1, 1, 2],
    [4, 3, 4],
    [4, 4, 8],
    [4, 17, 32],
    [1024, 1_000_000, 1_048_576],
  ])('capacity %i holding index %i becomes %i', (current, index, expected) => {
    expect(capacityFor(current, index)).toBe(expected);
  });

  it('grown arrays keep their contents; the new Int32 slots take the fill value, new Uint8 slots 0, new slots undefined', () => {
    expect([...grownInt32(Int32Array.of(5, 6), 4, -1)]).toEqual([5, 6, -1, -1]);
    expect([...grownInt32(Int32Array.of(5, 6), 4, 0)]).toEqual([5, 6, 0, 0]);
    expect([...grownUint8(Uint8Array.of(1, 2), 3)]).toEqual([1, 2, 0]);
    const slots: (string | undefined)[] = ['a'];
    growSlots(slots, 3);
    expect(slots).toEqual(['a', undefined, undefined]);
    growSlots(slots, 2);
    expect(slots).toHaveLength(3);
  });

  it.each([
    [2, 1, 2, false],
    [2, 2, 4, true],
    [2, 9, 16, true],
  ])('withRoom: %i slots for index %i → %i slots (a new array: %s)', (size, index, expected, copied) => {
    const old = new Int32Array(size).fill(7);
    const next = withRoom(old, index, -1);
    expect(next.length).toBe(expected);
    expect(next !== old).toBe(copied);
    expect([...next.subarray(0, size)]).toEqual(Array(size).fill(7));
    expect([...next.subarray(size)]).toEqual(Array(expected - size).fill(-1));
  });
});
