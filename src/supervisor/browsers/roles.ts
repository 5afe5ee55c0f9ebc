/** Agent ids and business roles as the protocol accepts them (src/supervisor/http/protocol.ts). */
const NAME = /^[A-Za-z0-9._:-]{1,64}$/;

export type RolePlan = { ok: true; roles: string[] } | { ok: false; message: string };

/**
 * The role of each of `count` browsers from `--role` values: `R` or
 * `R:COUNT`, in order. Counted roles take their counts; the one role given
 * without a count (at most one) takes the rest. Without any, every browser
 * has `fallback`. Browsers get their roles in the order the values are given.
 */
export function planRoles(values: readonly string[], count: number, fallback: string): RolePlan {
  if (values.length === 0) return { ok: true, roles: new Array<string>(count).fill(fallback) };
  const parts: { role: string; n: number | null }[] = [];
  for (const value of values) {
    const m = /^([^:]+?)(?::(\d{1,6}))?$/.exec(value.trim());
    const role = m?.[1];
    if (m === null || role === undefined || !NAME.test(role)) {
      return { ok: false, message: `--role ${value}: write ROLE or ROLE:COUNT, ROLE being 1-64 characters of A-Z a-z 0-9 . _ -` };
    }
    parts.push({ role, n: m[2] === undefined ? null : Number(m[2]) });
  }
  const open = parts.filter((p) => p.n === null);
  if (open.length > 1) return { ok: false, message: `--role: only one role may go without a count (it takes the rest); ${open.map((p) => p.role).join(' and ')} have none` };
  const counted = parts.reduce((sum, p) => sum + (p.n ?? 0), 0);
  if (counted > count) return { ok: false, message: `--role counts add up to ${counted}, more than --count ${count}` };
  if (open.length === 0 && counted !== count) return { ok: false, message: `--role counts add up to ${counted}, not --count ${count}: give one role without a count to take the rest` };
  const roles: string[] = [];
  for (const p of parts) for (let i = 0; i < (p.n ?? count - counted); i++) roles.push(p.role);
  return { ok: true, roles };
}

/** `agent-0001`, `agent-0002`, … (at least four digits, so ids sort in browser order up to 9,999). */
export function agentId(prefix: string, index: number): string {
  return `${prefix}${String(index + 1).padStart(4, '0')}`;
}

/** Whether the ids `prefix` + number are valid agent ids for `count` browsers. */
export function prefixProblem(prefix: string, count: number): string | null {
  const longest = agentId(prefix, Math.max(0, count - 1));
  return NAME.test(longest) ? null : `--prefix ${prefix}: agent ids (e.g. ${longest}) must be 1-64 characters of A-Z a-z 0-9 . _ : -`;
}
