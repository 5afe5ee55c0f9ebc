import { describe, expect, it } from 'vitest';
import { createProgress, progressLine } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean, columns = 80) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns, write: (c: string) => void chunks.push(c) } };
}

function fakeNow(startMs = 5_000) {
  const clock = { ms: startMs, now: () => clock.ms };
  return clock;
}

describe('simulation progress bar', () => {
  it('writes nothing at all when stderr is not a TTY', () => {
    const { chunks, stream } = fakeStream(false);
    const clock = fakeNow();
    const p = createProgress(stream, 3_600_000, { now: clock.now });
    for (let i = 1; i <= 50; i++) {
      clock.ms += 500;
      p.update(i * 60_000);
    }
    p.done();
    expect(chunks).toEqual([]);
  });

  it('stays silent during the first second of wall time', () => {
    const { chunks, stream } = fakeStream(true);
    const clock = fakeNow();
    const p = createProgress(stream, 3_600_000, { now: clock.now });
    for (let i = 1; i <= 10; i++) {
      clock.ms += 100;
      p.update(i * 60_000);
    }
    p.done();
    expect(chunks).toEqual([]);
  });

  it('draws one line with \\r after a second: percentage, simulated time of total, speed', () => {
    const { chunks, stream } = fakeStream(true);
    const clock = fakeNow();
    const p = createProgress(stream, 3_600_000, { now: clock.now });
    clock.ms += 1_200;
    p.update(900_000);
    expect(chunks).toHaveLength(1);
    const line = chunks[0]!;
    expect(line.startsWith('\r')).toBe(true);
    expect(line).not.toContain('\n');
    expect(line).toContain(' 25%');
    expect(line).toContain('15m00s / 1h00m simulated');
    expect(line).toContain('750 sim-s/s');
    expect(line).toMatch(/\[#+-+\]/);
  });

  it('draws the full line on a terminal that reports 0 columns (a pseudo-terminal with no size set)', () => {
    const { chunks, stream } = fakeStream(true, 0);
    const clock = fakeNow();
    const p = createProgress(stream, 3_600_000, { now: clock.now });
    clock.ms += 1_200;
    p.update(900_000);
    expect(chunks[0]).toContain('15m00s / 1h00m simulated');
  });

  it('redraws at most ten times a second', () => {
    const { chunks, stream } = fakeStream(true);
    const clock = fakeNow();
    const p = createProgress(stream, 3_600_000, { now: clock.now });
    clock.ms += 1_001;
    for (let i = 0; i < 1000; i++) {
      clock.ms += 2;
      p.update(i * 1000);
    }
    // 2 s of updates every 2 ms: one draw per 100 ms at most.
    expect(chunks.length).toBeGreaterThanOrEqual(19);
    expect(chunks.length).toBeLessThanOrEqual(21);
  });

  it('clears its line on done() and draws nothing afterwards', () => {
    const { chunks, stream } = fakeStream(true);
    const clock = fakeNow();
    const p = createProgress(stream, 3_600_000, { now: clock.now });
    clock.ms += 1_500;
    p.update(1_800_000);
    const drawnLength = chunks[0]!.length - 1;
    p.done();
    expect(chunks[1]).toBe('\r' + ' '.repeat(drawnLength) + '\r');
    clock.ms += 1_000;
    p.update(3_600_000);
    p.done();
    expect(chunks).toHaveLength(2);
  });

  it('writes nothing on done() when no bar was drawn', () => {
    const { chunks, stream } = fakeStream(true);
    const p = createProgress(stream, 60_000, { now: fakeNow().now });
    p.update(60_000);
    p.done();
    expect(chunks).toEqual([]);
  });

  it('overwrites a longer previous line completely', () => {
    const { chunks, stream } = fakeStream(true);
    const clock = fakeNow();
    const p = createProgress(stream, 3_600_000, { now: clock.now });
    clock.ms += 1_100;
    p.update(3_000_000);
    clock.ms += 60_000;
    p.update(3_100_000);
    expect(chunks[1]!.length).toBeGreaterThanOrEqual(chunks[0]!.length);
  });

  it('fits the terminal width, dropping the bar on narrow terminals', () => {
    expect(progressLine(1_800_000, 3_600_000, 2_000, 80).length).toBeLessThan(80);
    const narrow = progressLine(1_800_000, 3_600_000, 2_000, 40);
    expect(narrow.length).toBeLessThan(40);
    expect(narrow).not.toContain('[');
  });
});
