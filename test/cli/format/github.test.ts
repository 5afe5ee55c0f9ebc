import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../../src/cli/format/github.js';
import { danglingWarning, lagError, report } from './_findings.js';

describe('github format', () => {
  it('writes one workflow command per finding with position properties and the rule as title', () => {
    const out = formatGithub(report([lagError, danglingWarning]));
    expect(out.split('\n')).toEqual([
      `::error file=profiles/a.yaml,line=6,col=17,endLine=6,endColumn=19,title=HB102::${lagError.message}`,
      `::warning file=profiles/a.yaml,line=14,col=21,endLine=14,endColumn=25,title=HB201::${danglingWarning.message}`,
      '',
    ]);
  });

  it('turns warnings into errors under strict, matching the exit code', () => {
    expect(formatGithub(report([danglingWarning]), { strict: true })).toMatch(/^::error /);
  });

  it.each([
    ['100%', '100%25'],
    ['a\r\nb', 'a%0D%0Ab'],
    ['%0A literally', '%250A literally'],
  ])('escapes message data %j', (input, expected) => {
    expect(escapeData(input)).toBe(expected);
  });

  it.each([
    ['dir,with,commas/a.yaml', 'dir%2Cwith%2Ccommas/a.yaml'],
    ['C:\\x.yaml', 'C%3A\\x.yaml'],
    ['50%:x', '50%25%3Ax'],
  ])('escapes property values %j', (input, expected) => {
    expect(escapeProperty(input)).toBe(expected);
  });

  it('escapes the file property, and shows a line break from the input as \\n in one annotation', () => {
    const f = { ...lagError, file: 'a,b:c.yaml', message: 'line one\nline two, 5%' };
    expect(formatGithub({ ...report([f]), files: ['a,b:c.yaml'] })).toBe(
      '::error file=a%2Cb%3Ac.yaml,line=6,col=17,endLine=6,endColumn=19,title=HB102::line one\\nline two, 5%25\n',
    );
  });

  it('prints nothing when there are no findings', () => {
    expect(formatGithub(report([]))).toBe('');
  });
});
