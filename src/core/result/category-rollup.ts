/**
 * The per-category rollup of a results file: what the teams who tag scenarios by test type
 * (normal, security, policy, llm) read first, e.g. "did the policy block, and how fast".
 */
import type { Expectation } from '../profile/types.js';
import { mergeEncodedHistograms, summarizeHistogram } from '../stats/histogram.js';
import type { CategoryResult, ScenarioResult } from './types.js';

/** What the rollup reads of one scenario. */
export type CategoryMember = Pick<
  ScenarioResult,
  'name' | 'category' | 'setup' | 'totals' | 'throughput' | 'histograms'
> & {
  /** The scenario accepts only 4xx statuses (see `expectsOnlyBlocking`). */
  expectsBlocking: boolean;
};

/**
 * True when every accepted status is a 4xx: each answer as expected counts as blocked, so such
 * a scenario probes a rule that must reject (a WAF, a policy). An empty list is false.
 */
export function expectsOnlyBlocking(expect: Pick<Expectation, 'status'>): boolean {
  return expect.status.length > 0 && expect.status.every((code) => code >= 400 && code <= 499);
}

/** part / whole rounded to 6 decimals, as the figures' rates are; 0 when `whole` is 0. */
function rateOf(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1e6) / 1e6 : 0;
}

/**
 * Whether a row counts in its category: every row with one except a measured setup request's
 * (log-ins are not the traffic a category describes). A journey's steps are requests like any
 * other and count in their journey's category.
 */
export function countsInCategory(
  row: Pick<ScenarioResult, 'category' | 'setup'>,
): row is Pick<ScenarioResult, 'setup'> & { category: string } {
  return row.category !== undefined && row.setup !== true;
}

/**
 * One entry per category, in order of first appearance; scenarios without a category (and
 * measured setup rows, see `countsInCategory`) are left out, and no category gives an empty list. Counts and rps are sums of the scenarios'; rates
 * come from the summed counts; p50/p95/p99 from the scenarios' latency histograms merged
 * exactly (HDR, 3 significant digits), not averaged. Empty histograms (nothing answered) are
 * skipped; a category with nothing answered has all percentiles 0.
 * @param members the scenarios, with whether each expects only 4xx answers.
 */
export function rollUpCategories(members: readonly CategoryMember[]): CategoryResult[] {
  const byCategory = new Map<string, CategoryMember[]>();
  for (const member of members) {
    if (!countsInCategory(member)) continue;
    const list = byCategory.get(member.category);
    if (list === undefined) byCategory.set(member.category, [member]);
    else list.push(member);
  }
  return [...byCategory].map(([name, list]) => summarizeCategory(name, list));
}

function summarizeCategory(name: string, members: readonly CategoryMember[]): CategoryResult {
  const sum = (pick: (m: CategoryMember) => number) => members.reduce((n, m) => n + pick(m), 0);
  const requests = sum((m) => m.totals.requests);
  const ok = sum((m) => m.totals.ok);
  const blocked = sum((m) => m.totals.blocked);
  const failed = sum((m) => m.totals.failed);
  const errors = sum((m) => m.totals.errors);
  const encoded = members.map((m) => m.histograms.latency).filter((text) => text !== '');
  const merged = mergeEncodedHistograms(encoded);
  const latency = summarizeHistogram(merged);
  merged.destroy();
  return {
    name,
    scenarios: members.map((m) => m.name),
    expectsBlocking: members.every((m) => m.expectsBlocking),
    requests,
    ok,
    blocked,
    failed,
    errors,
    dropped: sum((m) => m.totals.dropped),
    rps: Math.round(sum((m) => m.throughput.rps) * 1000) / 1000,
    errorRate: rateOf(failed + errors, requests),
    blockRate: rateOf(blocked, requests),
    latencyMs: { p50: latency.p50, p95: latency.p95, p99: latency.p99 },
  };
}
