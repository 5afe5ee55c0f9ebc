import { describe, expect, it } from 'vitest';
import { formatJunit, xmlEscape } from '../../../src/cli/format/junit.js';
import { checkWellFormed, xmlText } from './_xml.js';
import { danglingWarning, lagError, report } from './_findings.js';

describe('junit format', () => {
  // Regression: each finding scanned every document of its file, so 100,000 of each took minutes.
  it('places many findings among many documents in linear time', () => {
    const count = 100_000;
    const documents = Array.from({ length: count }, (_, i) => ({ file: 'big.yaml', index: i, line: i * 5 + 1, kind: 'Cms', name: `C${i}` }));
    const findings = documents.map((d) => ({ ...danglingWarning, file: 'big.yaml', line: d.line + 2 }));
    const started = performance.now();
    const xml = formatJunit({ findings, sources: new Map(), files: ['big.yaml'], documents });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(xml).toContain('<testcase classname="big.yaml" name="Cms/C99999 (document 100000)" time="0">\n      <system-out>big.yaml:499998:21 warning');
  }, 20_000);

  it('is well-formed XML with one testsuite per file and one testcase per document', () => {
    const xml = formatJunit(report([lagError, danglingWarning], ['profiles/b.yaml']));
    const names = checkWellFormed(xml);
    expect(names.filter((n) => n === 'testsuite')).toHaveLength(2);
    expect(names.filter((n) => n === 'testcase')).toHaveLength(3);
    expect(xml).toContain('name="HeartbeatProfile/DEFAULT (document 1)"');
    expect(xml).toContain('name="BusinessRole/agent (document 2)"');
  });

  it('fails the document that holds an error and reports warnings as system-out', () => {
    const xml = formatJunit(report([lagError, danglingWarning]));
    const [first, second] = xml.split('<testcase').slice(1);
    expect(first).toContain('<failure message="HB102: ');
    expect(second).not.toContain('<failure');
    expect(second).toContain('<system-out>profiles/a.yaml:14:21 warning HB201');
    expect(xml).toMatch(/<testsuites [^>]*tests="2" failures="1"/);
  });

  it('fails documents with warnings under strict', () => {
    const xml = formatJunit(report([danglingWarning]), { strict: true });
    expect(xml).toMatch(/<testsuites [^>]*failures="1"/);
    expect(xml).toContain('<failure message="HB201: ');
  });

  it('names a testcase after the file when the file has no documents', () => {
    const xml = formatJunit({ findings: [], sources: new Map(), files: ['empty.yaml'], documents: [] });
    expect(xml).toContain('<testcase classname="empty.yaml" name="empty.yaml" time="0"/>');
  });

  it('escapes markup and quotes, and shows line breaks and characters XML cannot hold as visible escapes', () => {
    const nasty = { ...lagError, message: 'a < b & "c" \'d\' > e\nnext\u0007' };
    const xml = formatJunit(report([nasty]));
    checkWellFormed(xml);
    expect(xml).toContain('message="HB102: a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt; e\\nnext\\x07"');
    expect(xmlText(xmlEscape('x\ny&z'))).toBe('x\\ny&z');
    expect(xmlEscape('\u0000ok\uFFFE')).toBe('\\x00ok\\ufffe');
  });

  it('is deterministic: no timestamps, same input, same bytes', () => {
    const a = formatJunit(report([lagError, danglingWarning]));
    const b = formatJunit(report([lagError, danglingWarning]));
    expect(a).toBe(b);
    expect(a).not.toMatch(/timestamp=/);
  });

  it('summarises several errors in one failure element', () => {
    const xml = formatJunit(report([lagError, { ...lagError, line: 7, column: 3, message: 'second' }]));
    expect(xml).toContain('<failure message="2 findings" type="HB102">');
    expect(xml.match(/<failure /g)).toHaveLength(1);
  });
});

describe('the well-formedness check used above', () => {
  it.each([['<a><b></a></b>'], ['<a>x & y</a>'], ['<a x=1/>'], ['<a>']])('rejects %j', (xml) => {
    expect(() => checkWellFormed(xml)).toThrow();
  });
});
