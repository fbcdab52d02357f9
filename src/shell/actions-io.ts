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

/** The named inputs, read raw (main.ts lists them); the pure parser validates them together. */
export function readActionInputs(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, core.getInput(name)]));
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
