import { describe, expect, it } from 'vitest';
import { renderShardSummary } from '../../../src/core/render/shard-summary.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

function shardResult(name: string, startSkewMs?: number) {
  const run = simulateRun({
    scenarios: [{ name: 'root', ratePerSec: 50, medianMs: 5 }],
    durationMs: 2_000,
    seed: 3,
  });
  return {
    ...run,
    profile: { ...run.profile, name },
    shard: {
      index: 2,
      count: 4,
      ...(startSkewMs === undefined ? {} : { startAtEpochMs: 1, startSkewMs }),
    },
  };
}

describe('renderShardSummary', () => {
  it('gives the share’s figures, says it is no verdict, and where the results went', () => {
    const markdown = renderShardSummary(shardResult('shop', 12.4), {
      artifactName: 'loadgate-shop-shard-2',
    });
    expect(markdown).toMatch(/^### loadgate: shard 2 of 4 of shop measured\n\n/);
    expect(markdown).toContain('A share is not judged on its own');
    expect(markdown).toMatch(/\| requests \| rate \| p50 \| p95 \| p99 \| errors \|\n\| -+ \|/);
    expect(markdown).toContain('| 100 |');
    expect(markdown).toContain('Started 12 ms after the agreed start-at.');
    expect(markdown).toContain('Uploaded as the artifact `loadgate-shop-shard-2`');
    expect(markdown).not.toContain('Not uploaded');
  });

  it('says when the upload failed, and keeps names inert', () => {
    const markdown = renderShardSummary(shardResult('<b>@team</b>', -3), {
      artifactName: 'p-shard-2',
      error: 'service <unavailable>',
    });
    expect(markdown).toContain('of &lt;b&gt;@\u200bteam&lt;/b&gt; measured');
    expect(markdown).toContain('Started 3 ms before the agreed start-at.');
    expect(markdown).toContain(
      '**Not uploaded**: the artifact `p-shard-2` could not be uploaded (service &lt;unavailable&gt;), so the merge job will miss this shard.',
    );
  });
});
