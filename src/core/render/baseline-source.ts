import type { BaselineInfo, Verdict } from '../compare/types.js';
import { escapeText } from './markdown-escape.js';

/** The last line of every report; deliberately free of links. */
export const REPORT_FOOTER =
  "<sub>Latency is measured from each request's intended send time (open model), so time a " +
  'request spent waiting behind a slow target counts.</sub>';

/** Only plain http(s) URLs become links; anything else could smuggle markdown or script. */
function isSafeUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>()[\]"'`\\]+$/.test(url) && url.length <= 500;
}

function describeRun(info: BaselineInfo): string | undefined {
  const label = info.runId === undefined ? 'run' : `run ${escapeText(info.runId, 40)}`;
  if (info.runUrl !== undefined && isSafeUrl(info.runUrl)) return `[${label}](${info.runUrl})`;
  return info.runId === undefined ? undefined : label;
}

/** "2026-11-20" from an ISO timestamp; anything else is shown as given, escaped. */
function describeDate(date: string): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0];
  return day ?? escapeText(date, 40);
}

/**
 * Where the baseline came from: `Baseline: commit abc1234 (refs/heads/main) · run 123 ·
 * measured 2026-11-20`, the run linked when its URL is known. Undefined without a baseline.
 */
export function renderBaselineSource(verdict: Verdict): string | undefined {
  if (!verdict.hasBaseline) return undefined;
  const info = verdict.baseline ?? {};
  const parts: string[] = [];
  if (info.commit !== undefined) {
    const ref = info.ref === undefined ? '' : ` (${escapeText(info.ref, 100)})`;
    parts.push(`commit ${escapeText(info.commit.slice(0, 7), 7)}${ref}`);
  } else if (info.ref !== undefined) {
    parts.push(escapeText(info.ref, 100));
  }
  const run = describeRun(info);
  if (run) parts.push(run);
  if (info.date !== undefined) parts.push(`measured ${describeDate(info.date)}`);
  if (parts.length === 0) return 'Baseline: an earlier run (where it came from was not recorded).';
  return `Baseline: ${parts.join(' · ')}`;
}
