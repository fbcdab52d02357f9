import { describe, expect, it } from 'vitest';
import {
  describeNoShards,
  selectShardArtifacts,
  shardArtifactName,
} from '../../../src/core/action/shard-artifacts.js';

describe('shard artifacts', () => {
  it('names a shard’s artifact after the results artifact and its index', () => {
    expect(shardArtifactName('loadgate-checkout', 3)).toBe('loadgate-checkout-shard-3');
  });

  it('selects this profile’s shards by index, leaving look-alikes and other profiles out', () => {
    const listed = [
      { id: 1, name: 'loadgate-checkout-shard-2' },
      { id: 2, name: 'loadgate-checkout-shard-10' },
      { id: 3, name: 'loadgate-checkout-shard-1' },
      { id: 4, name: 'loadgate-checkout' },
      { id: 5, name: 'loadgate-checkout-history' },
      { id: 6, name: 'loadgate-checkout-x-shard-1' },
      { id: 7, name: 'loadgate-checkout-shard-01' },
      { id: 8, name: 'loadgate-checkout-shard-2b' },
      { id: 9, name: 'loadgate-checkout-shard-' },
      { id: 10, name: 'loadgate-checkout.v2-shard-1' },
      { id: 11, name: 'xloadgate-checkout-shard-4' },
    ];
    expect(selectShardArtifacts(listed, 'loadgate-checkout')).toEqual([
      { index: 1, artifact: { id: 3, name: 'loadgate-checkout-shard-1' } },
      { index: 2, artifact: { id: 1, name: 'loadgate-checkout-shard-2' } },
      { index: 10, artifact: { id: 2, name: 'loadgate-checkout-shard-10' } },
    ]);
    // A dot in the artifact name is a dot, not "any character".
    expect(selectShardArtifacts(listed, 'loadgate-checkout.v2')).toEqual([
      { index: 1, artifact: { id: 10, name: 'loadgate-checkout.v2-shard-1' } },
    ]);
  });

  it('of a name listed twice (re-run attempts), takes the newest upload', () => {
    const listed = [
      { id: 40, name: 'p-shard-1' },
      { id: 41, name: 'p-shard-1' },
      { id: 39, name: 'p-shard-1' },
    ];
    expect(selectShardArtifacts(listed, 'p')).toEqual([
      { index: 1, artifact: { id: 41, name: 'p-shard-1' } },
    ]);
  });

  it('says what to check when there is nothing to merge', () => {
    expect(describeNoShards('p', [])).toBe(
      'no shard results to merge: found no artifact p-shard-<i> (this workflow run has no artifacts yet). Give the shard jobs shard: i/N and the same profile and artifact-name as this job, and make this job wait for them with needs:',
    );
    const many = Array.from({ length: 12 }, (_, i) => `a${i}`);
    expect(describeNoShards('p', many)).toContain(
      'this workflow run has 12 other artifacts: a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, …)',
    );
  });
});
