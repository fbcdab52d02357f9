/**
 * The `deployment_status` event a preview host's deployment sends (Vercel, Netlify, Render …
 * create a GitHub deployment per commit and report its statuses), typed by GitHub's published
 * webhook schema. Hosts set `environment_url` on success only (Vercel's staff in mootoday PR
 * #161); `target_url` is often the build log.
 */
import type { components } from '@octokit/openapi-types';
import type { FakeGitHub } from '../../fakes/fake-github.js';
import { toRepository } from '../../fakes/github-api/repository-object.js';
import { toSimpleUser } from '../../fakes/github-api/user-objects.js';
import { REPO } from './event-payloads.js';

type DeploymentStatusCreated = components['schemas']['webhook-deployment-status-created'];

export interface DeploymentSeed {
  sha: string;
  /** The branch deployed, like `feature`. */
  ref: string;
  environment: string;
  state: 'success' | 'pending' | 'in_progress' | 'failure' | 'error';
  environmentUrl?: string;
  targetUrl?: string;
}

export function deploymentStatusEvent(
  fake: FakeGitHub,
  seed: DeploymentSeed,
): DeploymentStatusCreated {
  const repository = toRepository(fake.api.repository(REPO), fake.url);
  const host = fake.api.account('vercel[bot]');
  const creator = { login: host.login, id: host.id, type: 'Bot' as const };
  const at = new Date().toISOString();
  const base = `${fake.url}/repos/${REPO.owner}/${REPO.repo}/deployments/41`;
  return {
    action: 'created',
    check_run: null,
    deployment: {
      created_at: at,
      creator,
      description: null,
      environment: seed.environment,
      id: 41,
      node_id: 'DE_41',
      original_environment: seed.environment,
      payload: {},
      ref: seed.ref,
      repository_url: `${fake.url}/repos/${REPO.owner}/${REPO.repo}`,
      sha: seed.sha,
      statuses_url: `${base}/statuses`,
      task: 'deploy',
      transient_environment: seed.environment !== 'Production',
      production_environment: seed.environment === 'Production',
      updated_at: at,
      url: base,
    },
    deployment_status: {
      created_at: at,
      creator,
      deployment_url: base,
      description: `Deployment ${seed.state}`,
      environment: seed.environment,
      ...(seed.environmentUrl ? { environment_url: seed.environmentUrl } : {}),
      id: 4101,
      node_id: 'DES_4101',
      repository_url: `${fake.url}/repos/${REPO.owner}/${REPO.repo}`,
      state: seed.state,
      target_url: seed.targetUrl ?? '',
      updated_at: at,
      url: `${base}/statuses/4101`,
    },
    repository,
    sender: toSimpleUser(host, fake.url),
  };
}
