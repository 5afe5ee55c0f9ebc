import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallQueue } from '../../../../src/sim/world/models/call-queue.js';

describe('CallQueue (new calls at the back, rerouted calls at the front)', () => {
  it('behaves like an array with push, unshift and shift, through any number of growths', () => {
    const op = fc.oneof(fc.record({ back: fc.integer() }), fc.record({ front: fc.integer() }), fc.constant('shift' as const));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const queue = new CallQueue<number>();
        const model: number[] = [];
        for (const o of ops) {
          if (o === 'shift') expect(queue.shift()).toBe(model.shift());
          else if ('back' in o) {
            queue.pushBack(o.back);
            model.push(o.back);
          } else {
            queue.pushFront(o.front);
            model.unshift(o.front);
          }
          expect(queue.size).toBe(model.length);
        }
        while (model.length > 0) expect(queue.shift()).toBe(model.shift());
        expect(queue.shift()).toBeUndefined();
      }),
    );
  });
});
