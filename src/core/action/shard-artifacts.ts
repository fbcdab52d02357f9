/**
 * The action's sharded runs (a matrix of `shard: i/N` jobs and one `mode: merge` fan-in job):
 * how a shard names its results artifact, and which of a workflow run's artifacts the merge
 * job reads.
 */

/**
 * The artifact a shard job uploads its results as: `<artifact-name>-shard-<i>` (GitHub's
 * artifacts v4 need a name unique per job of a run).
 */
export function shardArtifactName(artifactName: string, index: number): string {
  return `${artifactName}-shard-${index}`;
}

/** An artifact of the merge job's own workflow run, as listed. */
export interface ListedArtifact {
  id: number;
  name: string;
}

/** A shard's artifact, with the index its name carries. */
export interface ShardArtifact<A extends ListedArtifact = ListedArtifact> {
  index: number;
  artifact: A;
}

/**
 * The shard artifacts of `artifactName` among a run's artifacts (`<artifact-name>-shard-<i>`,
 * i without leading zeros), ordered by index. Other names, other profiles' shards
 * (`<artifact-name>-x-shard-1`) and look-alikes (`-shard-01`, `-shard-2b`) are left out. Whether
 * the set is complete is the merge's call, from the files' own `shard` records.
 * When a name is listed twice (one upload per re-run attempt), the newest (highest id) counts.
 */
export function selectShardArtifacts<A extends ListedArtifact>(
  artifacts: readonly A[],
  artifactName: string,
): ShardArtifact<A>[] {
  const prefix = `${artifactName}-shard-`;
  const byIndex = new Map<number, A>();
  for (const artifact of artifacts) {
    if (!artifact.name.startsWith(prefix)) continue;
    const digits = artifact.name.slice(prefix.length);
    if (!/^[1-9]\d{0,3}$/.test(digits)) continue;
    const index = Number(digits);
    const seen = byIndex.get(index);
    if (!seen || artifact.id > seen.id) byIndex.set(index, artifact);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, artifact]) => ({ index, artifact }));
}

/** Why the merge job found nothing to merge: what to check in the workflow. */
export function describeNoShards(artifactName: string, listedNames: readonly string[]): string {
  const seen =
    listedNames.length === 0
      ? 'this workflow run has no artifacts yet'
      : `this workflow run has ${listedNames.length} other artifact${listedNames.length === 1 ? '' : 's'}: ${listedNames.slice(0, 10).join(', ')}${listedNames.length > 10 ? ', …' : ''}`;
  return `no shard results to merge: found no artifact ${artifactName}-shard-<i> (${seen}). Give the shard jobs shard: i/N and the same profile and artifact-name as this job, and make this job wait for them with needs:`;
}
