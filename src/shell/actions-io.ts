import { readFile } from 'node:fs/promises';
import * as core from '@actions/core';
import type { ActionIO } from '../ports.js';

/** Step outputs and the job summary (a step summary holds up to 1 MiB; reports stay far below). */
export class ActionsIO implements ActionIO {
  setOutput(name: string, value: string): void {
    core.setOutput(name, value);
  }

  async writeSummary(markdown: string): Promise<void> {
    await core.summary.addRaw(markdown, true).write();
  }
}

/** Every input the action declares, read raw; the pure parser validates them together. */
export const ACTION_INPUTS = [
  'profile',
  'target',
  'rate',
  'duration',
  'github-token',
  'baseline-branch',
  'artifact-name',
  'baseline-path',
  'comment',
  'fail-on',
  'upload-results',
  'mode',
  'retention-days',
  'results-path',
  'markdown-path',
] as const;

export function readActionInputs(): Record<string, string> {
  return Object.fromEntries(ACTION_INPUTS.map((name) => [name, core.getInput(name)]));
}

/** The event payload the runner wrote to GITHUB_EVENT_PATH; missing or unreadable → {}. */
export async function readEventPayload(path: string | undefined): Promise<unknown> {
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return {};
  }
}
