import { describe, expect, it } from 'vitest';
import { runAction } from '../../../src/app/run-action.js';
import { jobSummarySink, stickyCommentSink } from '../../../src/app/sinks/github-sinks.js';
import { markdownReportSink, resultsFileSink } from '../../../src/app/sinks/local-sinks.js';
import {
  OUTPUT_FLAGS,
  OUTPUT_INPUTS,
  plannedFilesOf,
  SINKS,
} from '../../../src/app/sinks/registry.js';
import {
  actionSettings,
  cliSettings,
  deliverJudged,
  type FinishedRun,
  type OutputOption,
  type Sink,
} from '../../../src/app/sinks/sink.js';
import { parseActionInputs } from '../../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../../src/core/action/read-event-context.js';
import { FakeComments, FakeStore } from '../../fakes/memory-github.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../../fakes/memory-ports.js';
import { makeResult } from '../../helpers/make-result.js';

const VERDICT = {
  level: 'pass' as const,
  reasons: [],
  scenarios: [],
  hasBaseline: false,
  runWarnings: [],
  rulesDefaulted: true,
};
const FINISHED: FinishedRun = {
  result: makeResult(),
  verdict: VERDICT,
  markdown: '# report\n',
  origin: 'measured',
  resultsPath: 'r.json',
};

describe('the output registry', () => {
  it('writes the results file first, and every measured output before any judged one', () => {
    expect(SINKS[0]).toBe(resultsFileSink);
    const stages = SINKS.map((sink) => sink.stage);
    expect(stages.lastIndexOf('measured')).toBeLessThan(stages.indexOf('judged'));
    expect(SINKS.indexOf(markdownReportSink)).toBeLessThan(SINKS.indexOf(jobSummarySink));
    expect(SINKS.indexOf(jobSummarySink)).toBeLessThan(SINKS.indexOf(stickyCommentSink));
  });

  it('declares each flag and each input once', () => {
    const flags = OUTPUT_FLAGS.map((f) => f.name);
    const inputs = OUTPUT_INPUTS.map((i) => i.name);
    expect(new Set(flags).size).toBe(flags.length);
    expect(new Set(inputs).size).toBe(inputs.length);
    expect(flags).toEqual([
      'out',
      'markdown',
      'json',
      'html',
      'prometheus-file',
      'pushgateway',
      'history',
    ]);
  });

  it('names the files it will write by the surface they came from', () => {
    expect(plannedFilesOf(cliSettings({ json: 'v.json' })).map((f) => f.label)).toEqual([
      '--out',
      '--json',
    ]);
    expect(plannedFilesOf(actionSettings({})).map((f) => [f.label, f.path])).toEqual([
      ['input results-path', 'loadgate-results.json'],
      ['input markdown-path', 'loadgate-report.md'],
      ['input html', 'loadgate-report.html'],
    ]);
  });
});

describe('delivering a finished run', () => {
  it('a side channel that throws is a warning with the reason; the outputs after it still run', async () => {
    const broken: Sink = {
      name: 'the broken output',
      stage: 'judged',
      options: [],
      deliver: async () => {
        throw new Error('boom');
      },
    };
    const files = new MemoryFiles();
    const output = new MemoryOutput();
    await deliverJudged([broken, markdownReportSink], FINISHED, cliSettings({ markdown: 'r.md' }), {
      files,
      output,
    });
    expect(output.events).toEqual(['warn the broken output failed: boom; the verdict stands']);
    expect(files.files.get('r.md')).toBe('# report\n');
  });

  it('a new output is one module: its own option, its own file, nothing else', async () => {
    const HTML: OutputOption = {
      flag: {
        name: 'html',
        commands: ['run', 'compare'],
        placeholder: 'FILE',
        help: 'write the report as an HTML page',
        example: '--html report.html',
      },
      input: { name: 'html-path', description: 'Where to write the HTML report.' },
    };
    const htmlSink: Sink = {
      name: 'the HTML report',
      stage: 'judged',
      options: [HTML],
      async deliver(run, settings, { files }) {
        const path = settings.valueOf(HTML);
        if (path) await files.writeText(path, `<pre>${run.verdict.level}</pre>`);
      },
    };
    const files = new MemoryFiles();
    const ports = { files, output: new MemoryOutput() };
    await deliverJudged([...SINKS, htmlSink], FINISHED, cliSettings({ html: 'r.html' }), ports);
    await deliverJudged(
      [...SINKS, htmlSink],
      FINISHED,
      actionSettings({ 'html-path': 'a.html' }),
      ports,
    );
    expect(files.files.get('r.html')).toBe('<pre>pass</pre>');
    expect(files.files.get('a.html')).toBe('<pre>pass</pre>');
  });

  it('the action: a job summary that cannot be written is a warning; the comment is still posted and the verdict stands', async () => {
    const files = new MemoryFiles();
    files.files.set(
      'p.yml',
      'name: shop\nbaseUrl: http://127.0.0.1:9\nscenarios: [{ name: root, path: / }]\nload: { executor: constant-arrival-rate, rate: 10, duration: 1s }\n',
    );
    const output = new MemoryOutput();
    const comments = new FakeComments();
    const parsed = parseActionInputs({ profile: 'p.yml', 'artifact-name': 'loadgate-p' });
    if (!parsed.ok) throw new Error('bad inputs');
    const context = readEventContext(
      {
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_REF: 'refs/pull/7/merge',
        GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/load.yml@refs/pull/7/merge',
      },
      { pull_request: { number: 7, head: { sha: 'h' }, base: { ref: 'main' } } },
    );
    const outcome = await runAction(parsed.config, {
      engine: new ScriptedEngine((profile) => ({
        kind: 'ran',
        recording: recordingOf(profile, 100, 5),
        startedAtEpochMs: 0,
        status: 'completed',
      })),
      files,
      output,
      environment: makeEnvironment(),
      io: {
        setOutput: () => undefined,
        writeSummary: async () => {
          throw new Error('GITHUB_STEP_SUMMARY is not writable');
        },
      },
      ...(context ? { context } : {}),
      baselines: new FakeStore({ kind: 'none', reason: 'none yet' }),
      comments,
      readPullRequest: async () => ({ number: 7, headSha: 'h', baseRef: 'main' }),
      tempDir: 'tmp',
    });
    expect(outcome.kind).toBe('judged');
    expect(outcome.kind === 'judged' && outcome.run.verdict.level).toBe('pass');
    expect(files.files.has('loadgate-results.json')).toBe(true);
    expect(output.events).toContain(
      'warn the job summary failed: GITHUB_STEP_SUMMARY is not writable; the verdict stands',
    );
    expect(comments.posted.map((c) => c.issue)).toEqual([7]);
  });
});
