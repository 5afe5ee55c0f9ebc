/**
 * How agents are dealt to the nodes: in rounds of `nodes` consecutive agents,
 * one each, every round starting one node further. Dealing them plainly in
 * turn (agent mod nodes) would give an even node count only the agents of
 * every other CMS system, since the load balancer deals the systems in turn
 * too. Each node numbers its agents densely by round.
 */
export function nodeOfAgent(agent: number, nodes: number): number {
  return (agent + Math.floor(agent / nodes)) % nodes;
}

/** The agent's number on its node: its round. */
export function localOfAgent(agent: number, nodes: number): number {
  return Math.floor(agent / nodes);
}

/** The run's number of agent `local` of node `node`. */
export function agentOfNode(node: number, local: number, nodes: number): number {
  return local * nodes + ((((node - local) % nodes) + nodes) % nodes);
}

/** Agents of `total` that node `node` serves: one per full round, and maybe one of the last. */
export function agentsOnNode(node: number, total: number, nodes: number): number {
  const rounds = Math.floor(total / nodes);
  const rest = total - rounds * nodes;
  return rounds + ((((node - rounds) % nodes) + nodes) % nodes < rest ? 1 : 0);
}
