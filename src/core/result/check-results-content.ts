/**
 * What the schema cannot say about a results file: its histograms decode, its figures agree with
 * each other, its scenario names are unique. A file that passes is safe to judge: nothing in it
 * can crash the comparison later, after the load has already run.
 */

import type { InputIssue } from '../input/format-issues.js';
import type { Figures, TimelinePoint } from '../stats/figures.js';
import { inspectHistogram } from './inspect-histogram.js';
import type { ResultsFileV1 } from './types.js';

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

function checkFigures(f: Figures, prefix: string, issues: IssueList): void {
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
  checkHistogram(f.histograms.serviceTime, at('histograms.serviceTime'), answered, issues);
  checkHistogram(f.histograms.sendLag, at('histograms.sendLag'), undefined, issues);
}

function checkTimeline(points: readonly TimelinePoint[], prefix: string, issues: IssueList): void {
  for (let i = 0; i < points.length && !issues.full; i++) {
    const p = points[i] as TimelinePoint;
    const at = `${prefix}[${i}]`;
    const answered = checkRequestCount(p, `${at}.requests`, issues);
    checkHistogram(p.histogram, `${at}.histogram`, answered, issues);
  }
}

/**
 * Every histogram of the file decodes (checked in plain JS, see `inspectHistogram`) and holds
 * as many values as requests were answered; `requests` = ok + blocked + failed + errors; the
 * rates match the counts; scenario names are unique. The file must already match the schema.
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
  return issues.issues;
}
