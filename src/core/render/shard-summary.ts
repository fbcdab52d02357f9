/** The job summary of one shard of the action's sharded run: what it measured, where it went. */
import { formatCount, formatLatencyMs, formatPercent, formatRate } from '../input/format-units.js';
import type { ResultsFileV1 } from '../result/types.js';
import { escapeText, formatCodeSpan, joinBlocks, renderTable } from './markdown-escape.js';

/**
 * Markdown for a shard job's summary: its share of the load in figures, said to be no verdict
 * (a shard carries 1/N of the profile's load, so its rates and percentiles are not the
 * profile's), and where its results went for the merge job.
 * @param result a shard's results (`result.shard` set; without it the heading says "shard").
 * @param upload the artifact name, and whether the upload worked (`error` says why not).
 */
export function renderShardSummary(
  result: ResultsFileV1,
  upload: { artifactName: string; error?: string },
): string {
  const shard = result.shard;
  const which = shard ? `shard ${shard.index} of ${shard.count}` : 'shard';
  const skew =
    shard?.startSkewMs === undefined
      ? []
      : [
          `Started ${Math.round(Math.abs(shard.startSkewMs))} ms ${shard.startSkewMs < 0 ? 'before' : 'after'} the agreed start-at.`,
        ];
  const table = renderTable(
    ['requests', 'rate', 'p50', 'p95', 'p99', 'errors'],
    [
      [
        formatCount(result.totals.requests),
        formatRate(result.throughput.rps),
        formatLatencyMs(result.latencyMs.p50),
        formatLatencyMs(result.latencyMs.p95),
        formatLatencyMs(result.latencyMs.p99),
        formatPercent(result.errorRate),
      ],
    ],
  );
  const where = upload.error
    ? `**Not uploaded**: the artifact ${formatCodeSpan(upload.artifactName)} could not be uploaded (${escapeText(upload.error)}), so the merge job will miss this shard.`
    : `Uploaded as the artifact ${formatCodeSpan(upload.artifactName)} for the merge job (\`mode: merge\`), which merges every shard exactly and judges the whole run once: its comment and verdict are the ones that count.`;
  return joinBlocks([
    `### loadgate: ${which} of ${escapeText(result.profile.name)} measured`,
    `This job sent one share of the profile's load. A share is not judged on its own: its rate and percentiles are not the profile's.`,
    table,
    ...skew,
    where,
  ]);
}
