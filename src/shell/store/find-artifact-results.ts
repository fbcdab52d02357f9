/** Finding the results file in a downloaded, unzipped baseline artifact. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BaselineRef } from '../../ports.js';

/**
 * Returns the text of the one `.json` file under `dir` (searched recursively, since a results
 * path with folders keeps them in the zip). Throws when there is none or more than one: either
 * way the artifact is not one loadgate wrote, and guessing would compare against the wrong data.
 * `what` names the artifact in those errors (default: as a baseline).
 */
export async function readArtifactResultsText(
  dir: string,
  ref: Pick<BaselineRef, 'artifactName' | 'artifactId' | 'runId'>,
  what = `baseline artifact ${ref.artifactName} (id ${ref.artifactId}) of run ${ref.runId}`,
): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
  const jsonFiles = files.filter((file) => file.toLowerCase().endsWith('.json'));
  const [only, ...others] = jsonFiles;
  if (only !== undefined && others.length === 0) return readFile(only, 'utf8');
  const names = (list: string[]) =>
    list.map((file) => file.slice(dir.length + 1)).join(', ') || 'nothing';
  if (only === undefined) {
    throw new Error(`${what} holds no .json results file (it holds ${names(files)})`);
  }
  throw new Error(
    `${what} holds ${jsonFiles.length} .json files (${names(jsonFiles)}); expected one`,
  );
}
