import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { BIN, plainEnv, ROOT } from '../../cli/_process.js';

const CHILD_OPTIONS = { cwd: ROOT, env: plainEnv(), reject: false, stdin: 'ignore' } as const;

export type LogLine = { event?: string; msg?: string; [k: string]: unknown };

export interface RunningSupervisor {
  child: ResultPromise<typeof CHILD_OPTIONS>;
  url: string;
  lines: LogLine[];
  /** Lines that were not JSON (companions' prefixed output). */
  text: string[];
  waitForLine(what: string, match: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  stop(): Promise<{ exitCode: number | undefined; elapsedMs: number }>;
}

/** Runs `hbctl start ARGS --listen 127.0.0.1:0` and waits for its `started` line. */
export async function startSupervisor(args: string[], timeoutMs = 15_000): Promise<RunningSupervisor> {
  const child = execa(process.execPath, [BIN, 'start', '--listen', '127.0.0.1:0', ...args], CHILD_OPTIONS);
  const lines: LogLine[] = [];
  const text: string[] = [];
  const waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (raw) => {
    let line: LogLine;
    try {
      line = JSON.parse(raw) as LogLine;
    } catch {
      text.push(raw);
      return;
    }
    lines.push(line);
    for (const w of waiters.splice(0)) {
      if (w.match(line)) w.resolve(line);
      else waiters.push(w);
    }
  });
  const waitForLine = (what: string, match: (l: LogLine) => boolean, waitMs = 10_000): Promise<LogLine> => {
    const seen = lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log line for ${what} within ${waitMs} ms; got:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`)), waitMs);
      waiters.push({
        match,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  };
  const exited = new Promise<never>((_, reject) => {
    void child.then((r) => reject(new Error(`hbctl start exited (${r.exitCode}) before it started:\n${r.stderr}`)));
  });
  const started = await Promise.race([waitForLine('started', (l) => l.event === 'started', timeoutMs), exited]);
  const stop = async (): Promise<{ exitCode: number | undefined; elapsedMs: number }> => {
    const t0 = Date.now();
    if (child.exitCode === null) child.kill('SIGTERM');
    const r = await child;
    return { exitCode: r.exitCode, elapsedMs: Date.now() - t0 };
  };
  return { child, url: started['url'] as string, lines, text, waitForLine, stop };
}

export async function metricsText(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  return res.text();
}

/** The value of one sample line of the Prometheus text, e.g. `hbctl_cms_pings_total{cms="CMS"}`. */
export function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
