import { describe, expect, it } from 'vitest';
import { parseActionInputs, slugify } from '../../../src/core/action/parse-action-inputs.js';
import { failsStep, planAction } from '../../../src/core/action/plan-action.js';
import { readEventContext } from '../../../src/core/action/read-event-context.js';

describe('parseActionInputs', () => {
  it('fills defaults and names the artifact after the profile', () => {
    const parsed = parseActionInputs({ profile: 'loadtest/Checkout API.yml', comment: '' });
    expect(parsed).toEqual({
      ok: true,
      config: {
        mode: 'run',
        profilePath: 'loadtest/Checkout API.yml',
        artifactName: 'loadgate-checkout-api',
        comment: true,
        failOn: 'fail',
        retentionDays: 90,
        uploadResults: false,
        // The outputs read their own inputs (paths with their defaults) from these.
        givenInputs: { profile: 'loadtest/Checkout API.yml' },
      },
    });
  });

  it('reports every bad input at once, by name, with the expected form', () => {
    const parsed = parseActionInputs({
      mode: 'measure',
      'fail-on': 'sometimes',
      comment: 'maybe',
      'retention-days': '0',
      'artifact-name': 'a/b',
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.path)).toEqual([
      'input mode',
      'input fail-on',
      'input comment',
      'input retention-days',
      'input profile',
      'input artifact-name',
    ]);
    expect(parsed.issues[0]?.message).toBe('expected one of run, report, got "measure"');
  });

  it('slugifies file names', () => {
    expect(slugify('a/b/Smoke Test.yaml')).toBe('smoke-test');
    expect(slugify('***')).toBe('default');
  });
});

const env = (over: Record<string, string> = {}) => ({
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_SHA: 'abc',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/loadtest.yml@refs/heads/main',
  GITHUB_RUN_ID: '42',
  ...over,
});
const config = (over = {}) => {
  const parsed = parseActionInputs({ profile: 'p.yml', ...over });
  if (!parsed.ok) throw new Error('bad config');
  return parsed.config;
};

describe('readEventContext and planAction', () => {
  it('a push to the default branch saves the baseline and looks for none', () => {
    const context = readEventContext(env(), { repository: { default_branch: 'main' } });
    expect(context).toMatchObject({
      owner: 'acme',
      repo: 'shop',
      workflowFile: 'loadtest.yml',
      runId: 42,
      defaultBranch: 'main',
    });
    expect(planAction(config(), context)).toEqual({
      saveBaseline: true,
      findBaseline: false,
      baselineBranch: 'main',
      comment: false,
    });
  });

  it('a pull request looks up its base branch’s baseline and comments', () => {
    const payload = {
      repository: { default_branch: 'main' },
      pull_request: { number: 7, head: { sha: 'h1' }, base: { ref: 'release' } },
    };
    const context = readEventContext(
      env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge' }),
      payload,
    );
    expect(context?.pullRequest).toEqual({ number: 7, headSha: 'h1', baseRef: 'release' });
    expect(planAction(config(), context)).toEqual({
      saveBaseline: false,
      findBaseline: true,
      baselineBranch: 'release',
      comment: true,
    });
    expect(
      planAction(config({ comment: 'false', 'baseline-path': 'b.json' }), context),
    ).toMatchObject({ findBaseline: false, comment: false });
  });

  it('a push to another branch neither saves nor looks up', () => {
    const context = readEventContext(env({ GITHUB_REF: 'refs/heads/feature' }), {
      repository: { default_branch: 'main' },
    });
    expect(planAction(config(), context)).toMatchObject({
      saveBaseline: false,
      findBaseline: false,
    });
  });

  it('outside Actions there is no context', () => {
    expect(readEventContext({}, {})).toBeUndefined();
  });

  it.each([
    ['fail', 'fail', true],
    ['warn', 'fail', false],
    ['warn', 'warn', true],
    ['pass', 'warn', false],
    ['fail', 'never', false],
  ] as const)('level %s with fail-on %s fails the step: %s', (level, failOn, fails) => {
    expect(failsStep(level, failOn)).toBe(fails);
  });
});
