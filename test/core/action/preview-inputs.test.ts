import { describe, expect, it } from 'vitest';
import { parseActionInputs } from '../../../src/core/action/parse-action-inputs.js';

describe('inputs wait-for, wait-for-status, wait-timeout, wait-for-body', () => {
  it('are absent unless wait-for is given (empty inputs are not given)', () => {
    const parsed = parseActionInputs({ profile: 'p.yml', 'wait-for': '', 'wait-timeout': ' ' });
    expect(parsed.ok && parsed.config.waitFor).toBeUndefined();
  });

  it('read as the CLI flags, with the defaults', () => {
    const parsed = parseActionInputs({
      profile: 'p.yml',
      'wait-for': '/healthz',
      'wait-for-body': 'abc123',
    });
    expect(parsed.ok && parsed.config.waitFor).toEqual({
      path: '/healthz',
      statuses: [200],
      timeoutMs: 600_000,
      bodyIncludes: 'abc123',
      inRow: 3,
    });
    const custom = parseActionInputs({
      profile: 'p.yml',
      'wait-for': '/ready',
      'wait-for-status': '204',
      'wait-timeout': '90s',
    });
    expect(custom.ok && custom.config.waitFor).toMatchObject({
      statuses: [204],
      timeoutMs: 90_000,
    });
  });

  it('report every problem together, each at its input', () => {
    const parsed = parseActionInputs({
      profile: 'p.yml',
      'wait-for': 'https://preview.example/healthz',
      'wait-for-status': 'ok',
      'wait-timeout': '10',
    });
    expect(!parsed.ok && parsed.issues.map((issue) => issue.path)).toEqual([
      'input wait-for',
      'input wait-for-status',
      'input wait-timeout',
    ]);
    expect(!parsed.ok && parsed.issues[2]?.message).toBe(
      'expected a duration from 1s to 6h like 30s or 10m, got "10" (add a unit: "10s")',
    );
  });

  it('refuse the others without wait-for', () => {
    const parsed = parseActionInputs({ profile: 'p.yml', 'wait-timeout': '5m' });
    expect(!parsed.ok && parsed.issues).toEqual([
      {
        path: 'input wait-timeout',
        message: 'applies to the wait for the target: add input wait-for PATH (like /healthz)',
      },
    ]);
  });

  it('belong to a measuring step: refused in mode report and merge', () => {
    const report = parseActionInputs({ mode: 'report', 'wait-for': '/healthz' });
    expect(!report.ok && report.issues).toContainEqual({
      path: 'input wait-for',
      message: 'mode report measures nothing: wait-for belongs to a measuring step (mode run)',
    });
    const merge = parseActionInputs({ mode: 'merge', profile: 'p.yml', 'wait-for': '/healthz' });
    expect(!merge.ok && merge.issues.map((issue) => issue.path)).toEqual(['input wait-for']);
  });
});

describe('target: auto and input deployment-environment', () => {
  it('keeps auto as the target (resolved from the event later) and the environment as given', () => {
    const parsed = parseActionInputs({
      target: 'auto',
      rate: '10',
      'deployment-environment': 'Preview – web',
    });
    expect(parsed.ok && parsed.config).toMatchObject({
      target: 'auto',
      deploymentEnvironment: 'Preview – web',
    });
  });

  it('refuses deployment-environment without target auto, and auto outside mode run', () => {
    const parsed = parseActionInputs({
      target: 'https://x.example',
      rate: '10',
      'deployment-environment': 'Preview',
    });
    expect(!parsed.ok && parsed.issues).toEqual([
      {
        path: 'input deployment-environment',
        message:
          'applies to target: auto (the URL of a deployment_status event); set target: auto, or leave it out',
      },
    ]);
    const merge = parseActionInputs({ mode: 'merge', target: 'auto', rate: '10' });
    expect(!merge.ok && merge.issues.map((issue) => issue.path)).toEqual(['input target']);
  });
});

describe('input wait-for-headers', () => {
  const SECRET = 'byp4ss-s3cret-value';

  it('reads one Name: value a line, blank lines dropped', () => {
    const parsed = parseActionInputs({
      profile: 'p.yml',
      'wait-for': '/healthz',
      'wait-for-headers': `x-vercel-protection-bypass: ${SECRET}\n\ncf-access-client-id: id\n`,
    });
    expect(parsed.ok && parsed.config.waitFor?.headers).toEqual([
      { name: 'x-vercel-protection-bypass', value: SECRET },
      { name: 'cf-access-client-id', value: 'id' },
    ]);
  });

  it('reports each bad line at its index, never its value, with the other inputs', () => {
    const parsed = parseActionInputs({
      profile: 'p.yml',
      'wait-for': 'healthz',
      'wait-for-headers': `x-ok: 1\n${SECRET}\nx-empty:`,
    });
    expect(!parsed.ok && parsed.issues.map((issue) => issue.path)).toEqual([
      'input wait-for',
      'input wait-for-headers[1]',
      'input wait-for-headers[2]',
    ]);
    expect(JSON.stringify(parsed)).not.toContain(SECRET);
  });

  it('is refused without wait-for', () => {
    const parsed = parseActionInputs({ profile: 'p.yml', 'wait-for-headers': 'x-a: bcde' });
    expect(!parsed.ok && parsed.issues).toEqual([
      {
        path: 'input wait-for-headers',
        message: 'applies to the wait for the target: add input wait-for PATH (like /healthz)',
      },
    ]);
  });
});
