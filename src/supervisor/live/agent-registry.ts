/**
 * Agent ids (the strings browsers send) and the dense numbers the runtime's
 * per-agent arrays are indexed by. A number is reused once its agent has
 * logged off, so the arrays stay as large as the busiest moment, not as the
 * number of agents ever seen.
 */
export class AgentRegistry {
  private readonly numberOf = new Map<string, number>();
  private readonly idOf: (string | undefined)[] = [];
  private readonly free: number[] = [];

  /** The agent's number, allocated on first use. */
  numberFor(agentId: string): number {
    const known = this.numberOf.get(agentId);
    if (known !== undefined) return known;
    const n = this.free.pop() ?? this.idOf.length;
    this.numberOf.set(agentId, n);
    this.idOf[n] = agentId;
    return n;
  }

  find(agentId: string): number | undefined {
    return this.numberOf.get(agentId);
  }

  agentId(n: number): string | undefined {
    return this.idOf[n];
  }

  /** Frees the number of an agent that logged off; a later login of the same id may get another number. */
  release(n: number): void {
    const agentId = this.idOf[n];
    if (agentId === undefined) return;
    this.idOf[n] = undefined;
    this.numberOf.delete(agentId);
    this.free.push(n);
  }

  get size(): number {
    return this.numberOf.size;
  }

  /** Every registered agent, as (id, number). */
  *entries(): IterableIterator<[string, number]> {
    yield* this.numberOf.entries();
  }
}
