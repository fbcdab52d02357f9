/**
 * What the schema cannot say about a results file: its histograms decode, its figures agree with
 * each other, its scenario names are unique. A file that passes is safe to judge: nothing in it
 * can crash the comparison later, after the load has already run.
 */

import { inflateSync } from 'node:zlib';
import type { InputIssue } from '../input/format-issues.js';
import type { Figures, TimelinePoint } from '../stats/figures.js';
import { countsInCategory } from './category-rollup.js';
import type { CategoryResult, ResultsFileV1 } from './types.js';

/** Issues reported at most; a file that is wrong in thousands of places is wrong enough. */
export const MAX_CONTENT_ISSUES = 20;

/** Rates are written rounded to 6 decimals (see `ScenarioStats.toFigures`). */
const RATE_TOLERANCE = 2e-6;

class IssueList {
  readonly issues: InputIssue[] = [];
  get full(): boolean {
    return this.issues.length >= MAX_CONTENT_ISSUES;
  }
  add(path: string, message: string): void {
    if (!this.full) this.issues.push({ path, message });
  }
}

/**
 * Checks one encoded histogram. `expected` is the count it must hold (answered requests), when
 * known. An empty string stands for "nothing recorded" and is accepted only when nothing was.
 */
function checkHistogram(
  encoded: string,
  path: string,
  expected: number | undefined,
  issues: IssueList,
): void {
  if (encoded === '') {
    if (expected !== undefined && expected > 0) {
      issues.add(path, `is empty, but ${expected} requests were answered`);
    }
    return;
  }
  const inspected = inspectHistogram(encoded);
  if (!inspected.ok) issues.add(path, `${inspected.problem}; the file is corrupt`);
  else if (expected !== undefined && inspected.totalCount !== expected) {
    issues.add(
      path,
      `holds ${inspected.totalCount} values, but ${expected} requests were answered (ok + blocked + failed)`,
    );
  }
}

function checkRate(
  value: number,
  part: number,
  whole: number,
  path: string,
  formula: string,
  issues: IssueList,
): void {
  const expected = whole > 0 ? part / whole : 0;
  if (Math.abs(value - expected) > RATE_TOLERANCE) {
    issues.add(path, `is ${value}, but the counts give ${formula} = ${expected}`);
  }
}

/**
 * `requests` = ok + blocked + failed + errors, for a figure block's totals or a timeline point.
 * @returns the answered requests (ok + blocked + failed): what the latency histograms hold.
 */
function checkRequestCount(
  counts: Pick<TimelinePoint, 'requests' | 'ok' | 'blocked' | 'failed' | 'errors'>,
  path: string,
  issues: IssueList,
): number {
  const answered = counts.ok + counts.blocked + counts.failed;
  if (counts.requests !== answered + counts.errors) {
    issues.add(
      path,
      `is ${counts.requests}, but ok + blocked + failed + errors = ${answered + counts.errors}`,
    );
  }
  return answered;
}

/**
 * @param journey a journey's figures: its service-time histogram may be empty (a journey has
 *   durations, not one request's service time); it is still checked to decode when present.
 */
function checkFigures(f: Figures, prefix: string, issues: IssueList, journey = false): void {
  const t = f.totals;
  const at = (field: string) => (prefix === '' ? field : `${prefix}.${field}`);
  const answered = checkRequestCount(t, at('totals.requests'), issues);
  checkRate(
    f.errorRate,
    t.failed + t.errors,
    t.requests,
    at('errorRate'),
    '(failed + errors) / requests',
    issues,
  );
  checkRate(f.blockRate, t.blocked, t.requests, at('blockRate'), 'blocked / requests', issues);
  checkRate(
    f.dropRate,
    t.dropped,
    t.requests + t.dropped,
    at('dropRate'),
    'dropped / (requests + dropped)',
    issues,
  );
  checkHistogram(f.histogram, at('histogram'), answered, issues);
  checkHistogram(f.histograms.latency, at('histograms.latency'), answered, issues);
  checkHistogram(
    f.histograms.serviceTime,
    at('histograms.serviceTime'),
    journey ? undefined : answered,
    issues,
  );
  checkHistogram(f.histograms.sendLag, at('histograms.sendLag'), undefined, issues);
}

/**
 * Each point's counts and histogram; and a wide point (`widthSec` > 1, a soak's middle window)
 * must end before the next point starts, since readers merge points by where they sit.
 */
function checkTimeline(points: readonly TimelinePoint[], prefix: string, issues: IssueList): void {
  for (let i = 0; i < points.length && !issues.full; i++) {
    const p = points[i] as TimelinePoint;
    const at = `${prefix}[${i}]`;
    const answered = checkRequestCount(p, `${at}.requests`, issues);
    checkHistogram(p.histogram, `${at}.histogram`, answered, issues);
    const next = points[i + 1];
    const endSec = p.t + (p.widthSec ?? 1);
    if (p.widthSec !== undefined && p.widthSec > 1 && next !== undefined && next.t < endSec) {
      issues.add(
        `${at}.widthSec`,
        `is ${p.widthSec}: the point covers ${p.t}..${endSec} s, but ${prefix}[${i + 1}] starts at ${next.t} s`,
      );
    }
  }
}

/** rps is written to 3 decimals, per scenario and for their sum: a few rounding steps apart. */
const RPS_TOLERANCE = 2e-3;

/**
 * The category rollup agrees with the scenarios: each category lists exactly the scenarios of
 * that category, its counts are their sums, its rates follow from its counts, and its
 * percentiles are in order. (They are not re-read from the histograms: those are checked above.)
 */
function checkCategories(result: ResultsFileV1, issues: IssueList): void {
  const categories = result.categories ?? [];
  const members = new Map<string, ResultsFileV1['scenarios']>();
  for (const s of result.scenarios) {
    if (!countsInCategory(s)) continue;
    const list = members.get(s.category);
    if (list === undefined) members.set(s.category, [s]);
    else list.push(s);
  }
  const seen = new Set<string>();
  categories.forEach((c, i) => {
    if (issues.full) return;
    const at = `categories[${i}]`;
    if (seen.has(c.name)) {
      issues.add(
        `${at}.name`,
        `${JSON.stringify(c.name)} is rolled up twice; names must be unique`,
      );
      return;
    }
    seen.add(c.name);
    const scenarios = members.get(c.name) ?? [];
    const expected = scenarios.map((s) => s.name);
    if (JSON.stringify(c.scenarios) !== JSON.stringify(expected)) {
      issues.add(
        `${at}.scenarios`,
        `lists ${JSON.stringify(c.scenarios)}, but the scenarios of category ${JSON.stringify(c.name)} are ${JSON.stringify(expected)}`,
      );
      return;
    }
    checkCategoryCounts(c, scenarios, at, issues);
  });
  for (const name of members.keys()) {
    if (categories.length > 0 && !seen.has(name)) {
      issues.add('categories', `has no entry for category ${JSON.stringify(name)}`);
    }
  }
}

function checkCategoryCounts(
  c: CategoryResult,
  scenarios: ResultsFileV1['scenarios'],
  at: string,
  issues: IssueList,
): void {
  checkRequestCount(c, `${at}.requests`, issues);
  for (const field of ['requests', 'ok', 'blocked', 'failed', 'errors', 'dropped'] as const) {
    const sum = scenarios.reduce((n, s) => n + s.totals[field], 0);
    if (c[field] !== sum) {
      issues.add(`${at}.${field}`, `is ${c[field]}, but its scenarios' ${field} add up to ${sum}`);
    }
  }
  const rps = scenarios.reduce((n, s) => n + s.throughput.rps, 0);
  if (Math.abs(c.rps - rps) > RPS_TOLERANCE) {
    issues.add(`${at}.rps`, `is ${c.rps}, but its scenarios' rps add up to ${rps}`);
  }
  checkRate(
    c.errorRate,
    c.failed + c.errors,
    c.requests,
    `${at}.errorRate`,
    '(failed + errors) / requests',
    issues,
  );
  checkRate(c.blockRate, c.blocked, c.requests, `${at}.blockRate`, 'blocked / requests', issues);
  const { p50, p95, p99 } = c.latencyMs;
  if (!(p50 <= p95 && p95 <= p99)) {
    issues.add(
      `${at}.latencyMs`,
      `has p50 ${p50}, p95 ${p95}, p99 ${p99}; expected p50 ≤ p95 ≤ p99`,
    );
  }
}

/**
 * The journeys agree with the scenario rows: names unique, each step a row of that journey
 * (its `journey` names it), every row marked with a journey listed in `journeys`, and each
 * journey's figures consistent as any scope's (`checkFigures`).
 */
function checkJourneys(result: ResultsFileV1, issues: IssueList): void {
  const journeys = result.journeys ?? [];
  const rows = new Map(result.scenarios.map((s) => [s.name, s]));
  const named = new Set<string>();
  journeys.forEach((j, i) => {
    if (issues.full) return;
    const at = `journeys[${i}]`;
    if (named.has(j.name)) {
      issues.add(`${at}.name`, `${JSON.stringify(j.name)} is listed twice; names must be unique`);
      return;
    }
    named.add(j.name);
    j.steps.forEach((step, k) => {
      const row = rows.get(step);
      if (row === undefined) {
        issues.add(`${at}.steps[${k}]`, `${JSON.stringify(step)} is not a scenario of the file`);
      } else if (row.journey !== j.name) {
        issues.add(
          `${at}.steps[${k}]`,
          `${JSON.stringify(step)} is not a step of journey ${JSON.stringify(j.name)} (its journey is ${JSON.stringify(row.journey ?? null)})`,
        );
      }
    });
    checkFigures(j, at, issues, true);
  });
  result.scenarios.forEach((s, i) => {
    if (s.journey !== undefined && !named.has(s.journey)) {
      issues.add(
        `scenarios[${i}].journey`,
        `is ${JSON.stringify(s.journey)}, but the file lists no journey of that name in journeys`,
      );
    }
  });
}

/**
 * Every histogram of the file decodes (checked in plain JS, see `inspectHistogram`) and holds
 * as many values as requests were answered; `requests` = ok + blocked + failed + errors; the
 * rates match the counts; scenario names are unique; the category rollup agrees with the
 * scenarios (`checkCategories`), and so do the journeys (`checkJourneys`). The file must already match the schema.
 * @returns at most `MAX_CONTENT_ISSUES` issues, each at its field path
 *   (`timeline[12].histogram`, `scenarios[3].histograms.serviceTime`); empty when all is well.
 *   Linear in the size of the file.
 */
export function checkResultsContent(result: ResultsFileV1): InputIssue[] {
  const issues = new IssueList();
  const firstIndex = new Map<string, number>();
  result.scenarios.forEach((s, i) => {
    const first = firstIndex.get(s.name);
    if (first === undefined) firstIndex.set(s.name, i);
    else {
      issues.add(
        `scenarios[${i}].name`,
        `${JSON.stringify(s.name)} is also the name of scenarios[${first}]; names must be unique`,
      );
    }
  });
  checkFigures(result, '', issues);
  checkTimeline(result.timeline, 'timeline', issues);
  result.scenarios.forEach((s, i) => {
    if (issues.full) return;
    checkFigures(s, `scenarios[${i}]`, issues);
    checkTimeline(s.timeline, `scenarios[${i}].timeline`, issues);
  });
  checkCategories(result, issues);
  checkJourneys(result, issues);
  return issues.issues;
}

/**
 * Checks an encoded histogram from a results file before any WebAssembly sees it. Decoding
 * garbage in hdr-histogram-js's WASM build can abort inside the module or spin for minutes (a
 * flipped bit in `lowestDiscernibleValue` does), so a results file's histograms are read here in
 * plain JS first: strict base64, HdrHistogram's compressed V2 envelope, the header fields
 * loadgate writes, and every count of the payload. Whatever passes is a histogram the WASM
 * decoder handles (the fuzz tests in test/core/result hold it to that).
 */
export type InspectedHistogram = { ok: true; totalCount: number } | { ok: false; problem: string };

const COMPRESSED_COOKIE_BASE = 0x1c849304;
const UNCOMPRESSED_COOKIE_BASE = 0x1c849303;
const ENVELOPE_BYTES = 8;
const HEADER_BYTES = 40;
/** loadgate records 3 significant digits; fewer is as safe to merge, more would cost memory. */
const MAX_SIGNIFICANT_DIGITS = 3;
/** A V2 payload word is at most 9 bytes, and 3 digits up to 2^53 need under 50,000 counts. */
const MAX_PAYLOAD_BYTES = 1 << 20;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The number of counts an HdrHistogram with lowest value 1 and these settings holds (its
 * `countsArrayLength`): indices at or beyond it are corruption.
 */
function countsLength(significantDigits: number, highestTrackable: number): number {
  const largestSingleUnit = 2 * 10 ** significantDigits;
  const subBucketCountMagnitude = Math.ceil(Math.log2(largestSingleUnit));
  const subBucketHalfCountMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
  const subBucketCount = 2 ** (subBucketHalfCountMagnitude + 1);
  let smallestUntrackable = subBucketCount;
  let buckets = 1;
  while (smallestUntrackable <= highestTrackable) {
    smallestUntrackable *= 2;
    buckets++;
  }
  return (buckets + 1) * (subBucketCount / 2);
}

/** One ZigZag LEB128-64b9B word (HdrHistogram's V2 payload), or undefined past `end`. */
function readWord(bytes: Uint8Array, at: { pos: number }, end: number): number | undefined {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    if (at.pos >= end) return undefined;
    const byte = bytes[at.pos++] as number;
    // The ninth byte carries 8 bits, not 7.
    value += (i === 8 ? byte : byte & 0x7f) * 2 ** (7 * i);
    if (i === 8 || (byte & 0x80) === 0) break;
  }
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

function fail(problem: string): InspectedHistogram {
  return { ok: false, problem };
}

/**
 * Reads an HdrHistogram compressed-base64 (V2) histogram as loadgate writes it: lowest value 1,
 * at most 3 significant digits, highest trackable value below 2^53, every count and index in
 * range, nothing after the payload.
 * @returns its total count, or a one-line problem (`not base64`, `not a compressed V2 …`).
 *   Never throws. The empty string is a problem too: callers decide when empty is allowed.
 */
export function inspectHistogram(encoded: string): InspectedHistogram {
  if (encoded === '') return fail('is empty');
  if (encoded.length % 4 !== 0 || !BASE64_RE.test(encoded)) return fail('is not base64');
  const envelope = Buffer.from(encoded, 'base64');
  if (envelope.length < ENVELOPE_BYTES) return fail('is too short to be a histogram');
  const cookie = envelope.readInt32BE(0);
  if ((cookie & ~0xf0) !== COMPRESSED_COOKIE_BASE) {
    return fail('is not an HdrHistogram compressed V2 histogram (the form loadgate writes)');
  }
  if (envelope.readInt32BE(4) !== envelope.length - ENVELOPE_BYTES) {
    return fail('has a compressed length that does not match its size (truncated or padded)');
  }
  let raw: Buffer;
  try {
    raw = inflateSync(envelope.subarray(ENVELOPE_BYTES), { maxOutputLength: MAX_PAYLOAD_BYTES });
  } catch {
    return fail('does not decompress (corrupted bytes)');
  }
  if (raw.length < HEADER_BYTES || (raw.readInt32BE(0) & ~0xf0) !== UNCOMPRESSED_COOKIE_BASE) {
    return fail('does not hold an HdrHistogram V2 header');
  }
  const payloadBytes = raw.readInt32BE(4);
  if (payloadBytes !== raw.length - HEADER_BYTES) {
    return fail('has a payload length that does not match its contents');
  }
  const digits = raw.readInt32BE(12);
  const lowest = raw.readBigInt64BE(16);
  const highest = raw.readBigInt64BE(24);
  if (digits < 1 || digits > MAX_SIGNIFICANT_DIGITS) {
    return fail(`has ${digits} significant digits; expected 1 to ${MAX_SIGNIFICANT_DIGITS}`);
  }
  if (lowest !== 1n) return fail(`has lowest value ${lowest}; expected 1 (whole microseconds)`);
  if (highest < 2n || highest > BigInt(Number.MAX_SAFE_INTEGER)) {
    return fail(`has highest trackable value ${highest}; expected 2 to 2^53 − 1`);
  }
  const length = countsLength(digits, Number(highest));
  const at = { pos: HEADER_BYTES };
  let index = 0;
  let total = 0;
  const beyond = 'has counts beyond its highest trackable value';
  while (at.pos < raw.length) {
    const word = readWord(raw, at, raw.length);
    if (word === undefined) return fail('ends in the middle of a count');
    if (word < 0) {
      index -= word;
      if (index > length) return fail(beyond);
    } else {
      if (index >= length) return fail(beyond);
      total += word;
      index++;
    }
  }
  if (!Number.isSafeInteger(total)) return fail('has a total count beyond 2^53');
  return { ok: true, totalCount: total };
}
