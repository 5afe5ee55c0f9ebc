import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../../src/cli/format/github.js';
import { formatJunit } from '../../../src/cli/format/junit.js';
import { formatSarif } from '../../../src/cli/format/sarif.js';
import { checkWellFormed } from './_xml.js';
import { lagError, report } from './_findings.js';

const anyText = fc.string({ unit: 'binary', maxLength: 60 });

describe('formats hold for any message and file name', () => {
  it('JUnit stays well-formed XML', () => {
    fc.assert(
      fc.property(anyText, anyText, (message, rule) => {
        checkWellFormed(formatJunit(report([{ ...lagError, message, rule }])));
      }),
    );
  });

  it('GitHub annotations stay one line each and keep the property list intact', () => {
    fc.assert(
      fc.property(anyText, anyText, (message, file) => {
        const out = formatGithub({ ...report([{ ...lagError, message, file }]), files: [file] });
        expect(out.split('\n')).toHaveLength(2);
        const [props] = out.slice('::error '.length).split('::');
        expect(props?.split(',').map((p) => p.split('=')[0])).toEqual(
          file === '' ? ['line', 'col', 'endLine', 'endColumn', 'title'] : ['file', 'line', 'col', 'endLine', 'endColumn', 'title'],
        );
      }),
    );
  });

  it('SARIF stays valid JSON that round-trips the message', () => {
    fc.assert(
      fc.property(anyText, (message) => {
        const log = JSON.parse(formatSarif(report([{ ...lagError, message }]), { rules: [] })) as {
          runs: { results: { message: { text: string } }[] }[];
        };
        expect(log.runs[0]?.results[0]?.message.text).toBe(message);
      }),
    );
  });
});
