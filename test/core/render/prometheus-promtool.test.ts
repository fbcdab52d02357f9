import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRunFamilies } from '../../../src/core/render/prometheus-run.js';
import { renderExposition } from '../../../src/core/render/prometheus-text.js';
import { makeFigures, makeResult } from '../../helpers/make-result.js';
import {
  JOURNEY_RESULT,
  RUN_LABELS,
  RUN_RESULT,
  RUN_VERDICT,
} from '../../helpers/prometheus-run-case.js';
import { ensurePrometheusTools, PROMTOOL_BIN } from '../../helpers/pushgateway.js';

/** Runs promtool with `args`, `stdin` on its standard input. */
function promtool(args: string[], stdin = ''): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL_BIN, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(stdin);
  });
}

/** `promtool check metrics` reads the exposition on stdin: its parser and its naming lint. */
function checkMetrics(text: string) {
  return promtool(['check', 'metrics'], text);
}

beforeAll(() => ensurePrometheusTools());

describe('promtool check metrics', () => {
  it('accepts a run’s exposition without a lint remark', async () => {
    const text = renderExposition(buildRunFamilies(RUN_RESULT, RUN_VERDICT, RUN_LABELS));
    expect(await checkMetrics(text)).toEqual({ code: 0, output: '' });
  });

  it('accepts the journey families (and a journey name with quotes and a line break)', async () => {
    const text = renderExposition(buildRunFamilies(JOURNEY_RESULT, RUN_VERDICT, RUN_LABELS));
    expect(text).toContain('# TYPE loadgate_journeys_total counter');
    expect(text).toContain('# TYPE loadgate_journey_duration_seconds summary');
    expect(await checkMetrics(text)).toEqual({ code: 0, output: '' });
  });

  it('accepts hostile names, NaN quantiles and a run without environment or client', async () => {
    const hostile = 'x"} 1\nloadgate_verdict{verdict="pass"} 1\\ ✓';
    const silent = makeFigures({
      totals: {
        requests: 3,
        ok: 0,
        blocked: 0,
        failed: 0,
        errors: 3,
        dropped: 0,
        queued: 0,
        interrupted: 0,
      },
      errorKinds: { 'weird kind "x"': 3 },
    });
    const result = makeResult({
      profile: { name: hostile },
      target: 'http://127.0.0.1:1/a"b',
      ...silent,
      scenarios: [
        {
          name: hostile,
          category: 'a\nb',
          method: 'GET',
          path: '/',
          weight: 1,
          ...silent,
          timeline: [],
        },
      ],
    });
    const text = renderExposition(buildRunFamilies(result, RUN_VERDICT, {}));
    expect(text).toContain('NaN');
    // A checker that accepts anything would prove nothing: a broken line must fail it.
    expect((await checkMetrics(`${text}loadgate_broken{a="b} 1\n`)).code).not.toBe(0);
    expect(await checkMetrics(text)).toEqual({ code: 0, output: '' });
  });
});

describe('the Grafana dashboard (examples/grafana)', () => {
  it('has PromQL that Prometheus parses, once its variables are filled in', async () => {
    const dashboard = JSON.parse(readFileSync('examples/grafana/loadgate-dashboard.json', 'utf8'));
    const exprs: string[] = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) =>
      p.targets.map((t) => t.expr),
    );
    expect(exprs.length).toBeGreaterThanOrEqual(6);
    const filled = exprs.map((e) =>
      e
        .replaceAll('$profile', '.+')
        .replaceAll('$environment', '.*')
        .replaceAll('$layer', 'manual'),
    );
    // promtool parses expressions through recording rules.
    const rules = {
      groups: [
        { name: 'dashboard', rules: filled.map((expr, i) => ({ record: `panel:${i}`, expr })) },
      ],
    };
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-dashboard-'));
    writeFileSync(join(dir, 'rules.yml'), JSON.stringify(rules));
    const checked = await promtool(['check', 'rules', join(dir, 'rules.yml')]);
    expect(checked.output).toContain(`SUCCESS: ${exprs.length} rules found`);
    expect(checked.code).toBe(0);
    // A parser that accepts anything would prove nothing.
    writeFileSync(
      join(dir, 'bad.yml'),
      JSON.stringify({ groups: [{ name: 'x', rules: [{ record: 'x', expr: 'sum by (' }] }] }),
    );
    expect((await promtool(['check', 'rules', join(dir, 'bad.yml')])).code).not.toBe(0);
  });
});
