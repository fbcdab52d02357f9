/**
 * A real browser for tests: Debian's Chromium (`/usr/bin/chromium`) driven by playwright-core.
 * Playwright's own browser download does not work on these machines; Debian's package does.
 * When the binary is missing and we are root, it is installed first (as `.ci/run` does), so a
 * bare `npm test` on a clean machine still checks pages in a real browser.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_BIN = '/usr/bin/chromium';

/**
 * As root, and with no network but the package registries, Chromium fails or stalls trying to
 * reach Google without these (see /work/shared/design/BROWSER.md). Playwright starts it with a
 * fresh temporary profile by itself.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Installs Debian's chromium when it is missing. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM_BIN)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${CHROMIUM_BIN} is missing: apt-get install chromium (as root), or run .ci/run`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'ignore', env });
}

/** Launches headless Chromium (installing it first when missing); close it when done. */
export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({ executablePath: CHROMIUM_BIN, args: CHROMIUM_ARGS, timeout: 30_000 });
}
