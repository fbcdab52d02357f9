import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkDir } from '../helpers/run-cli.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

const DIST = resolve('dist/index.js');

/** Runs the built action as the runner does: inputs as INPUT_* variables, files for outputs. */
function runAction(
  cwd: string,
  inputs: Record<string, string>,
): Promise<{ code: number | null; stdout: string; outputs: string; summary: string }> {
  const outputPath = join(cwd, 'github-output');
  const summaryPath = join(cwd, 'step-summary');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [DIST], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      done({
        code,
        stdout,
        outputs: readFileSync(outputPath, 'utf8'),
        summary: readFileSync(summaryPath, 'utf8'),
      }),
    );
  });
}

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the built action (dist/index.js)', () => {
  it('runs, sets outputs and writes the report to the job summary', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const run = await runAction(cwd, {
      target: server.url,
      rate: '50',
      duration: '1s',
      'results-path': 'r.json',
      'markdown-path': 'report.md',
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatch(/verdict<<.*\npass\n/);
    expect(run.outputs).toMatch(/p95-ms<<.*\n[\d.]+\n/);
    expect(run.summary).toMatch(/### ✅ loadgate: pass — quick/);
    expect(run.summary).toContain('<details><summary>Details</summary>');
    expect(JSON.parse(readFileSync(join(cwd, 'r.json'), 'utf8')).totals.requests).toBe(50);
    // The HTML report (input html, on by default) beside the results, uPlot inlined in the bundle.
    const html = readFileSync(join(cwd, 'loadgate-report.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('var uPlot=function(){');
  });

  it('fails the step with the reason when a threshold breaks', async () => {
    server = await startTargetServer({ latencyMs: () => 30 });
    const cwd = makeWorkDir();
    writeFileSync(
      join(cwd, 'p.yml'),
      `name: strict\nbaseUrl: ${server.url}\nscenarios: [{ name: root, path: / }]\nload: { executor: constant-arrival-rate, rate: 50, duration: 1s, warmup: 0s }\nthresholds: { p95: 10ms }\n`,
    );
    const run = await runAction(cwd, { profile: 'p.yml' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::loadgate: the gate failed \(fail\): p95 [\d.]+ ms, needs <= 10 ms \(critical\)/,
    );
    expect(run.outputs).toMatch(/verdict<<.*\nfail\n/);
  });

  it('fails the step with the input problems, no stack trace', async () => {
    const run = await runAction(makeWorkDir(), { rate: '50' });
    expect(run.code).toBe(1);
    // Caught as an input problem before anything runs, named by the input.
    expect(run.stdout).toMatch(
      /::error::Invalid inputs \(1 problem\):%0A {2}- input profile: give a profile file, or input target with input rate/,
    );
    expect(run.stdout).not.toMatch(/\n\s+at /);
  });
});
