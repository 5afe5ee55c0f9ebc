import { describe, expect, it } from 'vitest';
import { chalkFor, colourLevel } from '../../src/cli/colour.js';

const tty = { write: () => undefined, isTTY: true };
const pipe = { write: () => undefined };

describe('colour', () => {
  it.each([
    ['a TTY', tty, {}, 1],
    ['a pipe', pipe, {}, 0],
    ['a TTY with NO_COLOR', tty, { NO_COLOR: '1' }, 0],
    ['a TTY with an empty NO_COLOR (treated as unset)', tty, { NO_COLOR: '' }, 1],
    ['a pipe with FORCE_COLOR=1', pipe, { FORCE_COLOR: '1' }, 1],
    ['a pipe with FORCE_COLOR empty', pipe, { FORCE_COLOR: '' }, 1],
    ['a pipe with FORCE_COLOR=3', pipe, { FORCE_COLOR: '3' }, 3],
    ['a TTY with FORCE_COLOR=0', tty, { FORCE_COLOR: '0' }, 0],
    ['FORCE_COLOR and NO_COLOR together (NO_COLOR wins)', pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, 0],
    ['a dumb terminal', tty, { TERM: 'dumb' }, 0],
    ['a 256-colour terminal', tty, { TERM: 'xterm-256color' }, 2],
    ['a truecolor terminal', tty, { COLORTERM: 'truecolor' }, 3],
  ])('on %s the level is right', (_name, stream, env, level) => {
    expect(colourLevel(stream, env)).toBe(level);
  });

  it('makes its own chalk instance from the injected io, not from process', () => {
    expect(chalkFor(pipe, {}).red('x')).toBe('x');
    expect(chalkFor(tty, {}).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});
