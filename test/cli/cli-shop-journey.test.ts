import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultsFileV1 } from '../../src/core/result/types.js';
import { type DemoTarget, startDemoTarget } from '../../src/shell/demo-target.js';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';

const EXAMPLE = resolve('examples/shop-journey.yml');
const STEP_ROWS = [
  'shopper/list',
  'shopper/detail',
  'shopper/open cart',
  'shopper/add item',
  'shopper/checkout',
];

let target: DemoTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

describe('examples/shop-journey.yml against the demo API (the issue’s "works out of the box")', () => {
  it('logs in once, walks every journey to checkout and never sends a wrong request', async () => {
    target = await startDemoTarget();
    const cwd = makeWorkDir();
    const run = await runCli(
      ['run', EXAMPLE, '--target', target.url, '--duration', '3s', '--out', 'r.json'],
      { cwd },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // The demo passwords are secret columns: never printed.
    expect(run.stdout).not.toContain('analytical-engine');
    const result = JSON.parse(readFileSync(join(cwd, 'r.json'), 'utf8')) as ResultsFileV1;

    const rows = new Map(result.scenarios.map((row) => [row.name, row]));
    expect([...rows.keys()]).toEqual([...STEP_ROWS, 'browse']);
    for (const name of [...STEP_ROWS, 'browse']) {
      const totals = rows.get(name)?.totals;
      // A 401 (token not sent), 404 (cart id not carried over) or 400 (product id not filled)
      // would show as failed; extract_failed as an error.
      expect({ name, failed: totals?.failed, errors: totals?.errors }).toEqual({
        name,
        failed: 0,
        errors: 0,
      });
    }
    const checkouts = rows.get('shopper/checkout')?.totals.ok ?? 0;
    expect(checkouts).toBeGreaterThan(10);
    expect(result.journeys).toMatchObject([
      { name: 'shopper', steps: STEP_ROWS, totals: { failed: 0, errors: 0 } },
    ]);
    const journeys = result.journeys?.[0]?.totals;
    expect(journeys?.ok).toBe(journeys?.requests);
    expect(journeys?.ok).toBeGreaterThan(10);
    expect(result.setup).toEqual({ perVu: false, measured: false, runs: 1, failed: 0 });
  }, 60_000);
});
