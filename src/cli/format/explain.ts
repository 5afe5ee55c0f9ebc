import type { ChalkInstance } from 'chalk';
import type { ExplainedCommunications, RoleExplanation } from '../../config/explain/index.js';
import type { CompiledCms } from '../../config/compiled/index.js';
import { humanMs } from '../../config/explain/index.js';
import { escapeControls as esc } from './escape.js';
import { table } from './table.js';

/**
 * `hbctl explain ROLE` as text: the mode, every heartbeat value with its
 * origin (values the mode ignores are marked), detection bounds, notes, the
 * communications configuration with driver parameters, and the CMS. Names
 * and texts from the input are escaped (escape.ts; `table` escapes its cells).
 */
export function formatExplainText(e: RoleExplanation, chalk: ChalkInstance): string {
  const profile = e.profile === null ? 'no heartbeat profile (built-in defaults)' : `heartbeat profile ${esc(e.profile)}`;
  const out = [chalk.bold(`Role ${esc(e.role)}`) + ` — ${profile}, mode ${chalk.bold(esc(e.mode))}`, `  ${esc(e.modeText)}`, ''];
  out.push(chalk.bold('Heartbeat'), ...heartbeatLines(e, chalk), '');
  out.push(chalk.bold('Detection'), `  browser death: ${esc(e.detection.browserDeath.text)}`);
  if (e.detection.cmsOutage !== null) out.push(`  CMS outage: ${esc(e.detection.cmsOutage.text)}`);
  out.push('');
  if (e.notes.length > 0) out.push(chalk.bold('Notes'), ...e.notes.map((n) => `  ${chalk.yellow('!')} ${esc(n)}`), '');
  out.push(...communicationsLines(e.communicationsConfiguration, chalk), '');
  out.push(...cmsLines(e.cms, chalk));
  return `${out.join('\n')}\n`;
}

function heartbeatLines(e: RoleExplanation, chalk: ChalkInstance): string[] {
  const rows = e.values.map((v) => ({
    cells: [v.field, v.human, `← ${v.originText}`],
    dim: !v.used,
    suffix: v.used ? '' : `  (not used in mode ${esc(e.mode)})`,
  }));
  return table(rows.map((r) => r.cells)).map((line, i) => {
    const row = rows[i];
    const text = `  ${line}${row?.suffix ?? ''}`;
    return row?.dim === true ? chalk.dim(text) : text;
  });
}

function communicationsLines(c: ExplainedCommunications | null, chalk: ChalkInstance): string[] {
  if (c === null) return [chalk.bold('Communications configuration'), '  none assigned'];
  const out = [chalk.bold(`Communications configuration ${esc(c.name)}`), `  ${esc(c.takesEffectText)}`];
  if (c.parameters.length > 0) out.push(...table(c.parameters.map((p) => [p.name, p.human])).map((l) => `  ${l}`));
  for (const p of c.profiles) {
    const d = p.driver;
    const library = d.libraryName === null ? '' : `, library ${esc(d.libraryName)}`;
    out.push(`  profile ${esc(p.name)} → driver ${esc(d.name)} (${esc(d.channelType)}${library})`);
    out.push(...table(p.parameters.map((x) => [x.name, x.human, `← ${x.originText}`])).map((l) => `    ${l}`));
  }
  if (c.pushKeepAlive !== null) {
    const k = c.pushKeepAlive;
    out.push(
      `  push keep-alive: a heartbeat every ${humanMs(k.pushKeepAliveTimerMs)}; ` +
        `abandoned channels are dropped after ${humanMs(k.channelCleanupTimerMs)}`,
    );
  }
  return out;
}

function cmsLines(cms: CompiledCms | null, chalk: ChalkInstance): string[] {
  if (cms === null) return [chalk.bold('CMS'), '  none assigned'];
  return [
    chalk.bold(`CMS ${esc(cms.name)}`),
    ...table([
      ['endpoints', cms.endpoints.join(', ')],
      ['ackTimeout', humanMs(cms.ackTimeoutMs)],
    ]).map((l) => `  ${l}`),
  ];
}
