/**
 * A real browser for tests: Debian's Chromium (`/usr/bin/chromium`) driven by playwright-core.
 * Playwright's own browser download does not work on these machines; Debian's package does.
 * When the binary is missing and we are root, it is installed first (as `.ci/run` does), so a
 * bare `npm test` on a clean machine still checks pages in a real browser.
 * `LOADGATE_CHROMIUM` names another Chromium-based binary instead: on GitHub's Ubuntu runners
 * `apt-get install chromium` brings only a snap shim that cannot run there, while Google Chrome
 * (`/usr/bin/google-chrome`) is preinstalled (.github/workflows/ci.yml sets it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: used, and installed when missing, unless `LOADGATE_CHROMIUM` is set. */
export const DEBIAN_CHROMIUM_BIN = '/usr/bin/chromium';

/** The browser binary: `LOADGATE_CHROMIUM` when set (not empty), else Debian's Chromium. */
export function chromiumBin(env: NodeJS.ProcessEnv = process.env): string {
  return env.LOADGATE_CHROMIUM || DEBIAN_CHROMIUM_BIN;
}

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

/** Installs Debian's chromium when it is missing; a `LOADGATE_CHROMIUM` binary must exist. */
export function ensureChromium(bin = chromiumBin()): void {
  if (existsSync(bin)) return;
  if (bin !== DEBIAN_CHROMIUM_BIN) {
    // Installing Debian's package would not bring the binary asked for.
    throw new Error(
      `${bin} (LOADGATE_CHROMIUM) is missing: install it, or unset LOADGATE_CHROMIUM`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`${bin} is missing: apt-get install chromium (as root), or run .ci/run`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'ignore', env });
}

/** Launches headless Chromium (installing it first when missing); close it when done. */
export async function launchChromium(): Promise<Browser> {
  const bin = chromiumBin();
  ensureChromium(bin);
  return chromium.launch({ executablePath: bin, args: CHROMIUM_ARGS, timeout: 30_000 });
}
