import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { BROWSER_EVENTS, FleetStats, summaryOf } from '../../src/supervisor/browsers/index.js';

const markdown = readFileSync(resolve(import.meta.dirname, '../../docs/browsers.md'), 'utf8');

/** The first cells of the table rows of one section (## or ###), backticks removed. */
function firstCells(heading: string): string[] {
  const start = markdown.indexOf(`${heading}\n`);
  expect(start, `section ${heading}`).toBeGreaterThanOrEqual(0);
  const rest = markdown.slice(start + heading.length + 1);
  const end = rest.search(/\n#{2,3} /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
    .slice(1)
    .map((l) => l.split(/(?<!\\)\|/)[1]!.trim());
}

describe('docs/browsers.md stays equal to the code', () => {
  it('lists every event line the browsers print, and no other', () => {
    expect(firstCells('## Output').map((c) => c.replace(/`/g, ''))).toEqual([...BROWSER_EVENTS]);
  });

  it('explains every field of the summary line', () => {
    const documented = firstCells('### Summary').flatMap((c) => c.split(',').map((f) => f.replace(/`/g, '').trim()));
    const fields = Object.keys(summaryOf(new FleetStats(), 1, 0)).filter((k) => k !== 'event');
    expect(documented.sort()).toEqual(fields.sort());
  });

  it('documents every option of the command, and no other', () => {
    const program = buildProgram({ stdout: { write: () => undefined }, stderr: { write: () => undefined }, cwd: '.', env: {} }, () => undefined);
    const command = program.commands.find((c) => c.name() === 'browsers')!;
    const options = command.options.map((o) => o.long!).sort();
    const documented = firstCells('## Options')
      .flatMap((c) => [...c.matchAll(/--[a-z-]+/g)].map((m) => m[0]))
      .sort();
    expect([...new Set(documented)]).toEqual(options);
  });
});
