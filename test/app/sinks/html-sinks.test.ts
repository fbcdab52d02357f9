import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/app/compare-results.js';
import { runAction } from '../../../src/app/run-action.js';
import { runLoadTest } from '../../../src/app/run-load-test.js';
import {
  htmlPathOf,
  htmlReportArtifactName,
  htmlReportSink,
} from '../../../src/app/sinks/html-sinks.js';
import { actionSettings, cliSettings } from '../../../src/app/sinks/sink.js';
import { parseActionInputs } from '../../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../../src/core/action/read-event-context.js';
import { MemoryRunArtifacts } from '../../fakes/memory-github.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../../fakes/memory-ports.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

const PROFILE = `name: shop
baseUrl: http://127.0.0.1:9
scenarios: [{ name: "<b>list</b>", path: /list }]
load: { executor: constant-arrival-rate, rate: 10, duration: 1s }
`;

function engine() {
  return new ScriptedEngine((profile) => ({
    kind: 'ran',
    recording: recordingOf(profile, 50, 5),
    startedAtEpochMs: 0,
    status: 'completed',
    plannedRequests: 50,
  }));
}

function cliRun(outputs: Record<string, string>, prepare?: (files: MemoryFiles) => void) {
  const files = new MemoryFiles();
  files.files.set('p.yml', PROFILE);
  prepare?.(files);
  const output = new MemoryOutput();
  const scripted = engine();
  const outcome = runLoadTest(
    { profilePath: 'p.yml', overrides: {}, outputs: cliSettings(outputs) },
    { engine: scripted, files, output, environment: makeEnvironment() },
  );
  return { files, output, engine: scripted, outcome };
}

describe('where the HTML report goes', () => {
  it('the CLI: only where --html says', () => {
    expect(htmlPathOf(cliSettings({ html: 'out/r.html' }))).toBe('out/r.html');
    expect(htmlPathOf(cliSettings({}))).toBeUndefined();
  });

  it('the action: beside the results file by default, a path, or not at all', () => {
    expect(htmlPathOf(actionSettings({}))).toBe('loadgate-report.html');
    expect(htmlPathOf(actionSettings({ 'results-path': 'perf/out/r.json' }))).toBe(
      'perf/out/loadgate-report.html',
    );
    expect(htmlPathOf(actionSettings({ html: 'TRUE', 'results-path': 'a\\r.json' }))).toBe(
      'a\\loadgate-report.html',
    );
    expect(htmlPathOf(actionSettings({ html: 'reports/perf.html' }))).toBe('reports/perf.html');
    expect(htmlPathOf(actionSettings({ html: 'false' }))).toBeUndefined();
    expect(htmlPathOf(actionSettings({ html: 'Off' }))).toBeUndefined();
  });

  it('refuses the results file as the report, naming the option', () => {
    expect(
      htmlReportSink.checkSettings?.(cliSettings({ html: './r.json', out: 'r.json' })),
    ).toEqual([
      {
        path: '--html',
        message:
          './r.json is also the results file: the report would replace the results; choose another file, e.g. report.html',
      },
    ]);
    expect(
      htmlReportSink.checkSettings?.(actionSettings({ html: 'loadgate-results.json' }))?.[0]?.path,
    ).toBe('input html');
    expect(htmlReportSink.checkSettings?.(cliSettings({ html: 'r.html' }))).toEqual([]);
  });
});

describe('loadgate run --html', () => {
  it('writes the report after the results, its names escaped', async () => {
    const { files, output, outcome } = cliRun({ out: 'r.json', html: 'out/report.html' });
    expect((await outcome).kind).toBe('judged');
    const html = files.files.get('out/report.html') ?? '';
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('&lt;b&gt;list&lt;/b&gt;');
    expect(html).not.toContain('<b>list</b>');
    expect(output.events).toContain('info html report: out/report.html');
  });

  it('a directory or the results file as --html: exit 2 naming --html, before any load', async () => {
    const dir = cliRun({ out: 'r.json', html: 'reports' }, (files) =>
      files.directories.add('reports'),
    );
    const refused = await dir.outcome;
    expect(refused.kind).toBe('bad-input');
    expect(refused.kind === 'bad-input' && refused.issues).toEqual([
      {
        path: '--html',
        message: 'reports is a directory; expected a file path, e.g. reports/report.html',
      },
    ]);
    expect(dir.engine.profiles).toEqual([]);

    const same = cliRun({ out: 'r.json', html: 'r.json' });
    const outcome = await same.outcome;
    expect(outcome.kind === 'bad-input' && outcome.issues.map((i) => i.path)).toEqual(['--html']);
    expect(same.engine.profiles).toEqual([]);
  });

  it('a report that cannot be written is a warning: the verdict and the results stand', async () => {
    const { files, output, outcome } = cliRun({ out: 'r.json', html: 'ro/report.html' }, (f) =>
      f.failWrites.add('ro/report.html'),
    );
    const done = await outcome;
    expect(done.kind).toBe('judged');
    expect(files.files.has('r.json')).toBe(true);
    expect(output.events.some((e) => /^warn could not write ro\/report\.html/.test(e))).toBe(true);
  });
});

describe('loadgate compare --html', () => {
  it('draws the results against the baseline they were compared with', async () => {
    const files = new MemoryFiles();
    const scenarios = [{ name: 'list', ratePerSec: 20, medianMs: 10 }];
    files.files.set(
      'base.json',
      JSON.stringify(simulateRun({ scenarios, durationMs: 5_000, seed: 1 })),
    );
    files.files.set(
      'pr.json',
      JSON.stringify(simulateRun({ scenarios, durationMs: 5_000, seed: 2 })),
    );
    const outcome = await compareResults(
      {
        currentPath: 'pr.json',
        baselinePath: 'base.json',
        outputs: cliSettings({ html: 'report.html' }),
      },
      { files, output: new MemoryOutput(), environment: makeEnvironment() },
    );
    expect(outcome.kind).toBe('judged');
    const html = files.files.get('report.html') ?? '';
    const data = html.match(
      /<script type="application\/json" id="loadgate-data">([^<]*)<\/script>/,
    );
    const charts = JSON.parse(data?.[1] ?? '{}').charts as {
      id: string;
      series: { label: string }[];
    }[];
    expect(charts.find((c) => c.id === 'throughput')?.series.map((s) => s.label)).toEqual([
      'current',
      'baseline',
    ]);
    expect(html).toContain('<h2>Baseline</h2><dl>');
  });
});

describe('the action uploads the HTML report', () => {
  async function actionRun(inputs: Record<string, string>, failUpload?: Error, failWrite?: string) {
    const files = new MemoryFiles();
    files.files.set('p.yml', PROFILE);
    if (failWrite) files.failWrites.add(failWrite);
    const outputs = new Map<string, string>();
    const output = new MemoryOutput();
    const parsed = parseActionInputs({
      profile: 'p.yml',
      'artifact-name': 'loadgate-p',
      ...inputs,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const context = readEventContext(
      {
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_EVENT_NAME: 'workflow_dispatch',
        GITHUB_REF: 'refs/heads/feature',
        GITHUB_RUN_ID: '77',
        GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/load.yml@refs/heads/feature',
      },
      {},
    );
    const runArtifacts = new MemoryRunArtifacts(77, files);
    runArtifacts.failUpload = failUpload;
    const outcome = await runAction(parsed.config, {
      engine: engine(),
      files,
      output,
      environment: makeEnvironment(),
      io: {
        setOutput: (name: string, value: string) => void outputs.set(name, value),
        writeSummary: async () => undefined,
      },
      ...(context ? { context } : {}),
      runArtifacts,
      tempDir: 'tmp',
    });
    return { files, output, outcome, runArtifacts, outputs };
  }

  it('by default: loadgate-report.html beside the results, as the artifact <artifact-name>-report', async () => {
    const { files, runArtifacts, output, outcome } = await actionRun({
      'results-path': 'perf/results.json',
      'retention-days': '14',
    });
    expect(outcome.kind).toBe('judged');
    const html = files.files.get('perf/loadgate-report.html');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(runArtifacts.records).toEqual([
      expect.objectContaining({ name: 'loadgate-p-report', text: html, retentionDays: 14 }),
    ]);
    expect(htmlReportArtifactName('loadgate-p')).toBe('loadgate-p-report');
    expect(output.events).toContain('info uploaded the HTML report as artifact loadgate-p-report');
  });

  it('sets the step output html-report to the path written, and only once it is written', async () => {
    const written = await actionRun({ 'results-path': 'perf/results.json' });
    expect(written.outputs.get('html-report')).toBe('perf/loadgate-report.html');
    expect(written.outputs.get('report-path')).toBe('loadgate-report.md');
    expect((await actionRun({ html: 'out/r.html' })).outputs.get('html-report')).toBe('out/r.html');
    expect((await actionRun({ html: 'false' })).outputs.has('html-report')).toBe(false);
    const failed = await actionRun({ html: 'r.html' }, undefined, 'r.html');
    expect(failed.outputs.has('html-report')).toBe(false);
    expect(failed.outputs.get('verdict')).toMatch(/^(pass|warn|fail)$/);
  });

  it('html: false writes and uploads nothing', async () => {
    const { files, runArtifacts } = await actionRun({ html: 'false' });
    expect([...files.files.keys()].filter((p) => p.endsWith('.html'))).toEqual([]);
    expect(runArtifacts.records).toEqual([]);
  });

  it('a failed upload is a warning with the reason: the verdict stands', async () => {
    const { outcome, output } = await actionRun({}, new Error('403 Forbidden'));
    expect(outcome.kind).toBe('judged');
    expect(output.events).toContain(
      'warn could not upload the HTML report artifact loadgate-p-report: 403 Forbidden',
    );
  });
});
