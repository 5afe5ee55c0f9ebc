#!/usr/bin/env node
// Validation benchmark (run `npm run build` first). Prints:
//  (a) cold `node bin/hbctl validate profiles/` wall time, median of N spawns (target < 250 ms);
//  (b) validate + compile of a generated 10,000-document landscape in 200 files, in one process
//      through dist/ (checkPaths, then compileLandscapeJson as `hbctl compile` does): wall ms, peak RSS, heap;
//  (c) baseline: a bare parse of the same files with `yaml` (read each file, parseAllDocuments with
//      a LineCounter; no data, schema, rules or messages), and the ratio (b) / (c) (target <= 1.4);
//  (d) (b) on the same documents written as 10,000 one-document files, and the ratio (d) / (b)
//      (target <= 1.25: the cost of a file beyond its text is a few file-system calls).
// (b), (c) and (d) each run in a fresh process, interleaved --rounds times; medians are printed.
// Usage: node bench/validate.mjs [--docs 10000] [--runs 10] [--rounds 3] [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLandscape } from './gen-landscape.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const DOCS = opt('--docs', 10_000);
const RUNS = opt('--runs', 10);
const ROUNDS = opt('--rounds', 3);

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function coldValidate() {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['bin/hbctl', 'validate', 'profiles/'], { cwd: root, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status === 2) throw new Error(`hbctl validate failed: ${r.stderr}`);
  }
  return { medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), runs: RUNS };
}

/** Runs `code` (an ES module body printing one JSON line) in a fresh node process. */
function child(code, dir) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, dir], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr || `child exited ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

const MEASURE = `
import v8 from 'node:v8';
let heapPeak = 0;
const sample = () => { heapPeak = Math.max(heapPeak, v8.getHeapStatistics().used_heap_size); };
const t0 = performance.now();
`;
const DONE = `
sample();
const cpu = process.cpuUsage();
console.log(JSON.stringify({ wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, stages, maxRssMb: process.resourceUsage().maxRSS / 1024, heapPeakMb: heapPeak / 1048576, ...extra }));
`;

const HBCTL = `${MEASURE}
const { checkPaths } = await import('./dist/config/pipeline.js');
const { compileLandscapeJson } = await import('./dist/config/compiled/compile.js');
const t1 = performance.now(); sample();
const r = await checkPaths([process.argv[1]], { cwd: process.cwd() });
const t2 = performance.now(); sample();
const errors = r.findings.filter((f) => f.severity === 'error').length;
let bytes = 0;
if (errors === 0) bytes = compileLandscapeJson(r.landscape).text.length;
const t3 = performance.now();
const stages = { importMs: t1 - t0, checkMs: t2 - t1, compileMs: t3 - t2 };
const extra = { documents: r.documents.length, findings: r.findings.length, errors, compiledBytes: bytes };
${DONE}`;

const BASELINE = `${MEASURE}
const { readdirSync, readFileSync } = await import('node:fs');
const { join } = await import('node:path');
const { LineCounter, parseAllDocuments } = await import('yaml');
const t1 = performance.now(); sample();
let documents = 0, errors = 0;
for (const f of readdirSync(process.argv[1]).sort()) {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(readFileSync(join(process.argv[1], f), 'utf8'), { lineCounter });
  for (const d of parsed) { documents++; errors += d.errors.length; }
}
const t2 = performance.now();
const stages = { importMs: t1 - t0, parseMs: t2 - t1 };
const extra = { documents, errors };
${DONE}`;

/** Medians of each numeric figure over the runs of one child. */
function medianOf(runs) {
  const out = { ...runs[0], runs: runs.length };
  for (const key of ['wallMs', 'cpuMs', 'maxRssMb', 'heapPeakMb']) out[key] = median(runs.map((r) => r[key]));
  out.stages = Object.fromEntries(Object.keys(runs[0].stages).map((k) => [k, median(runs.map((r) => r.stages[k]))]));
  out.wallMsAll = runs.map((r) => Math.round(r.wallMs));
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'hbctl-bench-'));
try {
  const land = writeLandscape(join(dir, 'files'), DOCS);
  const single = writeLandscape(join(dir, 'single'), DOCS, 1);
  const a = coldValidate();
  const runs = { b: [], c: [], d: [] };
  // Interleaved, so that a change in the machine's load hits all three alike.
  for (let i = 0; i < ROUNDS; i++) {
    runs.c.push(child(BASELINE, land.dir));
    runs.b.push(child(HBCTL, land.dir));
    runs.d.push(child(HBCTL, single.dir));
  }
  const [b, c, d] = [medianOf(runs.b), medianOf(runs.c), medianOf(runs.d)];
  // Compiled bytes differ: the output names each setting's file.
  if (d.findings !== b.findings || d.documents !== b.documents) throw new Error('the one-document files gave other results');
  const load = loadavg()[0];
  const result = {
    loadAverage: load, documents: land.documents, files: land.files, singleFiles: single.files,
    coldValidate: a, hbctl: b, baseline: c, hbctlSingleFiles: d,
    ratio: b.wallMs / c.wallMs, singleFilesRatio: d.wallMs / b.wallMs,
    cpuRatio: b.cpuMs / c.cpuMs, singleFilesCpuRatio: d.cpuMs / b.cpuMs,
  };
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const ms = (x) => `${Math.round(x)} ms`;
    const all = (x) => `runs ${x.wallMsAll.join(', ')} ms`;
    const out = [
      `(a) cold \`hbctl validate profiles/\`: median ${ms(a.medianMs)} (min ${ms(a.minMs)}, max ${ms(a.maxMs)}, ${a.runs} runs) — target < 250 ms`,
      `(b) validate + compile, ${b.documents} documents in ${land.files} files: ${ms(b.wallMs)} wall (${all(b)}), ${ms(b.cpuMs)} CPU ` +
        `(import ${ms(b.stages.importMs)}, check ${ms(b.stages.checkMs)}, compile ${ms(b.stages.compileMs)}); ` +
        `peak RSS ${Math.round(b.maxRssMb)} MB, heap ${Math.round(b.heapPeakMb)} MB; ${b.errors} errors, ${b.findings} findings`,
      `(c) baseline, bare \`yaml\` parse (parseAllDocuments + LineCounter) of the same files: ${ms(c.wallMs)} wall (${all(c)}), ` +
        `${ms(c.cpuMs)} CPU (import ${ms(c.stages.importMs)}, read + parse ${ms(c.stages.parseMs)}); peak RSS ${Math.round(c.maxRssMb)} MB`,
      `(d) as (b), ${d.documents} documents in ${single.files} one-document files: ${ms(d.wallMs)} wall (${all(d)}), ${ms(d.cpuMs)} CPU ` +
        `(import ${ms(d.stages.importMs)}, check ${ms(d.stages.checkMs)}, compile ${ms(d.stages.compileMs)})`,
      `ratio (b)/(c): ${result.ratio.toFixed(2)} wall, ${result.cpuRatio.toFixed(2)} CPU — target <= 1.40`,
      `ratio (d)/(b): ${result.singleFilesRatio.toFixed(2)} wall, ${result.singleFilesCpuRatio.toFixed(2)} CPU — target <= 1.25`,
      `(medians of ${ROUNDS} interleaved rounds; load average at the end: ${load.toFixed(2)} on ${availableParallelism()} cores; ` +
        'wall times grow with it, CPU times much less)',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
