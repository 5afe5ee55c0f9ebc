#!/usr/bin/env node
// Validation benchmark (run `npm run build` first). Prints:
//  (a) cold `node bin/hbctl validate profiles/` wall time, median of N spawns (target < 250 ms);
//  (b) validate + compile of a generated 10,000-document landscape in one process through dist/
//      (checkPaths, compileLandscape, serializeCompiled): wall ms, peak RSS, heap (target < 2 s);
//  (c) baseline: "ajv-cli-style" schema-only validation of the same files (read, yaml.parse,
//      ajv compile + validate; no positions, rules or messages) and the ratio (b) / (c).
// Usage: node bench/validate.mjs [--docs 10000] [--runs 10] [--json]
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
const { compileLandscape, serializeCompiled } = await import('./dist/config/compile.js');
const t1 = performance.now(); sample();
const r = await checkPaths([process.argv[1]], { cwd: process.cwd() });
const t2 = performance.now(); sample();
const errors = r.findings.filter((f) => f.severity === 'error').length;
let bytes = 0;
if (errors === 0) bytes = serializeCompiled(compileLandscape(r.landscape)).length;
const t3 = performance.now();
const stages = { importMs: t1 - t0, checkMs: t2 - t1, compileMs: t3 - t2 };
const extra = { documents: r.documents.length, findings: r.findings.length, errors, compiledBytes: bytes };
${DONE}`;

const BASELINE = `${MEASURE}
const { readdirSync, readFileSync } = await import('node:fs');
const { join } = await import('node:path');
const { parseAllDocuments } = await import('yaml');
const { default: Ajv2020 } = await import('ajv/dist/2020.js');
const t1 = performance.now();
const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
const validators = {};
for (const f of readdirSync('schemas')) if (f !== 'hbctl.schema.json') {
  const s = JSON.parse(readFileSync(join('schemas', f), 'utf8'));
  validators[s.properties?.kind?.const] = ajv.compile(s);
}
const t2 = performance.now(); sample();
let documents = 0, invalid = 0;
for (const f of readdirSync(process.argv[1]).sort()) {
  for (const d of parseAllDocuments(readFileSync(join(process.argv[1], f), 'utf8'))) {
    const data = d.toJS(); documents++;
    const v = validators[data?.kind];
    if (!v || !v(data)) invalid++;
  }
}
const t3 = performance.now();
const stages = { importMs: t1 - t0, compileSchemasMs: t2 - t1, validateMs: t3 - t2 };
const extra = { documents, invalid };
${DONE}`;

const dir = mkdtempSync(join(tmpdir(), 'hbctl-bench-'));
try {
  const land = writeLandscape(dir, DOCS);
  const a = coldValidate();
  const b = child(HBCTL, dir);
  const c = child(BASELINE, dir);
  const load = loadavg()[0];
  const result = { loadAverage: load, documents: land.documents, files: land.files, coldValidate: a, hbctl: b, baseline: c, ratio: b.wallMs / c.wallMs };
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const ms = (x) => `${Math.round(x)} ms`;
    const out = [
      `(a) cold \`hbctl validate profiles/\`: median ${ms(a.medianMs)} (min ${ms(a.minMs)}, max ${ms(a.maxMs)}, ${a.runs} runs) — target < 250 ms`,
      `(b) validate + compile, ${b.documents} documents in ${land.files} files: ${ms(b.wallMs)} wall, ${ms(b.cpuMs)} CPU ` +
        `(import ${ms(b.stages.importMs)}, check ${ms(b.stages.checkMs)}, compile ${ms(b.stages.compileMs)}); ` +
        `peak RSS ${Math.round(b.maxRssMb)} MB, heap ${Math.round(b.heapPeakMb)} MB; ${b.errors} errors, ${b.findings} findings — target < 2 s`,
      `(c) ajv-cli-style schema-only baseline: ${ms(c.wallMs)} wall, ${ms(c.cpuMs)} CPU (import ${ms(c.stages.importMs)}, ` +
        `compile schemas ${ms(c.stages.compileSchemasMs)}, parse + validate ${ms(c.stages.validateMs)}); peak RSS ${Math.round(c.maxRssMb)} MB; ${c.invalid} invalid`,
      `ratio (b)/(c): ${result.ratio.toFixed(2)}`,
      `(load average at the end: ${load.toFixed(2)} on ${availableParallelism()} cores; wall times grow with it)`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
