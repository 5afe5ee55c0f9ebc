import type { NetworkModel } from './network.js';

/** A run of pings at first + k·interval for every such time before `endMs`. */
export interface Segment {
  firstMs: number;
  intervalMs: number;
  endMs: number;
}

/**
 * The latest arrival (≤ now) of a ping of `seg`, or `bestMs` if none beats
 * it. Walks back from the newest ping sent; stops at pings already resolved
 * (sent at or before `resolvedMs`) or that cannot arrive after `bestMs` even
 * with the largest delay they (and all earlier ones) can have, so a read costs
 * one or two pings, not the history.
 */
export function newestArrival(net: NetworkModel, agent: number, seg: Segment, nowMs: number, resolvedMs: number, bestMs: number): number {
  return newestArrivalOf(net, agent, seg.firstMs, seg.intervalMs, seg.endMs, nowMs, resolvedMs, bestMs);
}

/** `newestArrival` of the segment (firstMs, intervalMs, endMs), without a segment object (the current one lives in arrays). */
export function newestArrivalOf(net: NetworkModel, agent: number, firstMs: number, intervalMs: number, endMs: number, nowMs: number, resolvedMs: number, bestMs: number): number {
  if (firstMs > nowMs) return bestMs;
  const limitMs = endMs === Infinity ? nowMs : Math.min(nowMs, endMs - 1);
  const maxDelayMs = net.maxDelayMs;
  const baseMaxDelayMs = net.baseMaxDelayMs;
  for (let k = Math.floor((limitMs - firstMs) / intervalMs); k >= 0; k--) {
    const sendMs = firstMs + k * intervalMs;
    if (sendMs <= resolvedMs || sendMs + maxDelayMs <= bestMs) break;
    // The largest delay of the whole run did not stop the walk: the delay windows up to this ping may
    // (worth a lookup only when this ping could stop it without any window).
    if (sendMs + baseMaxDelayMs <= bestMs && net.latestArrivalMs(sendMs) <= bestMs) break;
    const arrivedMs = net.arrivalByMs(agent, sendMs, nowMs);
    if (arrivedMs > bestMs) bestMs = arrivedMs;
  }
  return bestMs;
}
