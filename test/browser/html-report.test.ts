/**
 * The HTML report in a real browser: two short real runs of the CLI against a loopback target
 * (the second against the first as its baseline, both keeping a history), the second writing
 * `--html`. Chromium opens the page from file:// and the test checks what a person would see:
 * nothing requested from anywhere, no error, every chart drawn (the run's, one p95 chart per
 * scenario, the distribution, the history trend), the tables holding the results
 * file's figures, a hostile scenario name shown as text. It leaves a screenshot under coverage/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLatencyMs } from '../../src/core/input/format-units.js';
import type { ResultsFileV1 } from '../../src/core/result/types.js';
import { launchChromium } from '../helpers/chromium.js';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

/** The page's globals as far as the checks below use them (the project's tsconfig has no DOM
 * library: these functions are typed here and run in the browser). */
interface PageElement {
  textContent: string | null;
  firstChild: PageElement | null;
  dataset: Record<string, string | undefined>;
  querySelector(selector: string): PageElement | null;
}
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  } | null;
}
declare const window: { loadgateCharts?: { id: string; points: number; drawn: boolean }[] };
declare const document: {
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageCanvas | null;
};

const HOSTILE = '</script><img src=x onerror=alert(1)>';
const SCREENSHOT = resolve('coverage/html-report.png');

let server: TargetServer;
let browser: Browser;
let cwd: string;
let current: ResultsFileV1;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startTargetServer({ latencyMs: (i) => (i % 20 === 0 ? 12 : 2) }),
    launchChromium(),
  ]);
  cwd = makeWorkDir();
  writeFileSync(
    join(cwd, 'profile.yml'),
    [
      'name: shop',
      `baseUrl: ${server.url}`,
      'scenarios:',
      '  - { name: list products, path: /products, weight: 3, category: shop }',
      `  - { name: ${JSON.stringify(HOSTILE)}, path: /search, category: security }`,
      'load: { executor: constant-arrival-rate, rate: 60, duration: 3s, warmup: 0 }',
      '',
    ].join('\n'),
  );
  const base = await runCli(
    ['run', 'profile.yml', '--out', 'base.json', '--history', 'history.json'],
    { cwd },
  );
  expect(base.code, base.stderr).toBe(0);
  const pr = await runCli(
    [
      'run',
      'profile.yml',
      '--baseline',
      'base.json',
      '--history',
      'history.json',
      '--out',
      'pr.json',
      '--html',
      'out/report.html',
    ],
    { cwd },
  );
  expect([0, 1], pr.stderr).toContain(pr.code);
  expect(pr.stdout).toContain('html report: out/report.html');
  current = JSON.parse(readFileSync(join(cwd, 'pr.json'), 'utf8'));
}, 120_000);

afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

describe('the HTML report in Chromium', () => {
  it('opens from file:// with no request leaving, no error, every chart drawn and the figures of the results file', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requested: string[] = [];
    const problems: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    const url = pathToFileURL(join(cwd, 'out/report.html')).href;
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(
      () => {
        const charts = window.loadgateCharts;
        return charts !== undefined && charts.length > 0 && charts.every((c) => c.drawn);
      },
      undefined,
      { timeout: 10_000 },
    );

    // Nothing but the page itself (and data: URLs) was requested.
    expect(requested.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
    expect(requested.filter((u) => u.startsWith('file:'))).toEqual([url]);
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);

    // Every chart: points in its data, and its series' colour on its canvas.
    const charts = await page.evaluate(() => {
      const data = JSON.parse(document.getElementById('loadgate-data')?.textContent ?? '{}') as {
        charts: { id: string; series: { color: string }[] }[];
      };
      const drawn = window.loadgateCharts ?? [];
      return data.charts.map((chart) => {
        const canvas = document.querySelector(`#chart-${chart.id} canvas`);
        const context = canvas?.getContext('2d');
        const hex = chart.series[0]?.color ?? '#000000';
        const want = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
        let coloured = 0;
        if (canvas && context) {
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 0; i < pixels.length; i += 4) {
            const distance = want.reduce(
              (sum, v, k) => sum + Math.abs(v - (pixels[i + k] ?? 0)),
              0,
            );
            if ((pixels[i + 3] ?? 0) > 200 && distance < 60) coloured++;
          }
        }
        return {
          id: chart.id,
          points: drawn.find((d) => d.id === chart.id)?.points ?? 0,
          coloured,
        };
      });
    });
    expect(charts.map((c) => c.id)).toEqual([
      'throughput',
      'latency',
      'errors',
      // One p95 chart per scenario (both have one in this profile), the baseline's dashed.
      'scenario-1',
      'scenario-2',
      'distribution',
      'trend-latency',
      'trend-throughput',
      'trend-errors',
    ]);
    for (const chart of charts) {
      expect(chart.points, chart.id).toBeGreaterThan(1);
      expect(chart.coloured, chart.id).toBeGreaterThan(20);
    }
    // Each scenario chart sits under its scenario's name, shown as text (the hostile one too).
    const headings = await page.$$eval('#scenario-charts h3.scenario-chart', (nodes) =>
      (nodes as unknown as PageElement[]).map((node) => node.textContent ?? ''),
    );
    expect([...headings].sort()).toEqual(current.scenarios.map((s) => s.name).sort());

    // The scenario table holds the results file's figures, as written there and as shown.
    const cells = await page.$$eval('table.figures tr.scenario', (rows) =>
      (rows as unknown as PageElement[]).map((row) => {
        const p95 = row.querySelector('td[data-metric="p95"]');
        const requests = row.querySelector('td[data-metric="requests"]');
        return {
          name: row.querySelector('.name')?.textContent ?? '',
          p95Value: Number(p95?.dataset.value),
          p95Shown: p95?.firstChild?.textContent ?? '',
          requests: Number(requests?.dataset.value),
        };
      }),
    );
    expect(cells.map((c) => c.name)).toEqual(current.scenarios.map((s) => s.name));
    for (const scenario of current.scenarios) {
      const cell = cells.find((c) => c.name === scenario.name);
      expect(cell?.p95Value, scenario.name).toBe(scenario.latencyMs.p95);
      expect(cell?.p95Shown, scenario.name).toBe(formatLatencyMs(scenario.latencyMs.p95));
      expect(cell?.requests, scenario.name).toBe(scenario.totals.requests);
    }
    // The hostile name is text on the page, not an element.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.getByText(HOSTILE, { exact: true }).count()).toBeGreaterThan(0);

    mkdirSync(resolve('coverage'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();
  });
});
