/**
 * What the fake GitHub knows: workflow runs, their artifacts (with the zip bytes kept as blobs),
 * commits, and which run a runtime token's backend ids belong to. Tests seed it directly; the
 * fake's Twirp routes add to it the way the results service does when a run uploads.
 */
import type { Artifact, BodyContext, Commit, RunFacts, WorkflowRun } from './rest-bodies.js';
import { makeArtifact, makeCommit, makeWorkflowRun } from './rest-bodies.js';
import { makeRuntimeToken } from './runtime-token.js';

/** An artifact plus what the REST body does not show: its run, blob and upload state. */
export interface StoredArtifact {
  body: Artifact;
  runId: number;
  blobPath: string;
  /** False between CreateArtifact and FinalizeArtifact: not listed, not downloadable. */
  finalized: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** GitHub's default artifact retention. */
const DEFAULT_RETENTION_MS = 90 * DAY_MS;

export class FakeArtifactState {
  readonly runs: WorkflowRun[] = [];
  readonly artifacts: StoredArtifact[] = [];
  readonly blobs = new Map<string, Buffer>();
  readonly commits = new Map<string, Commit>();
  /** Workflow files that exist; listing runs of any other one is a 404, as on GitHub. */
  readonly workflows = new Set<string>();
  /** Backend run id (from the runtime token) → REST run id. */
  readonly backendRuns = new Map<string, number>();
  private nextId = 1000;

  constructor(readonly ctx: BodyContext) {}

  /** Forgets everything seeded or uploaded (ids keep counting up, so none is reused). */
  clear(): void {
    this.runs.length = 0;
    this.artifacts.length = 0;
    this.blobs.clear();
    this.commits.clear();
    this.workflows.clear();
    this.backendRuns.clear();
  }

  /** Seeds a run; a successful push run on `main` of `loadtest.yml` unless told otherwise. */
  addRun(facts: Partial<RunFacts> & Pick<RunFacts, 'headSha' | 'createdAt'>): WorkflowRun {
    const run = makeWorkflowRun(this.ctx, {
      id: facts.id ?? this.nextId++,
      workflowFile: facts.workflowFile ?? 'loadtest.yml',
      branch: facts.branch ?? 'main',
      conclusion: facts.conclusion === undefined ? 'success' : facts.conclusion,
      headSha: facts.headSha,
      createdAt: facts.createdAt,
    });
    this.runs.push(run);
    this.workflows.add(run.path.slice(run.path.lastIndexOf('/') + 1));
    return run;
  }

  /** Seeds a finalized artifact of run `runId` holding `zip`; `expired` dates it out. */
  addArtifact(
    runId: number,
    artifact: { name: string; zip: Buffer; expired?: boolean; createdAt?: string },
  ): Artifact {
    const run = this.findRun(runId);
    if (!run) throw new Error(`fake: no run ${runId} to attach artifact ${artifact.name} to`);
    const createdAt = artifact.createdAt ?? run.created_at;
    const expiresAt = artifact.expired
      ? new Date(Date.now() - DAY_MS).toISOString()
      : new Date(Date.now() + DEFAULT_RETENTION_MS).toISOString();
    const stored = this.createArtifact(run, artifact.name, expiresAt, createdAt);
    stored.body.size_in_bytes = artifact.zip.length;
    stored.finalized = true;
    this.blobs.set(stored.blobPath, artifact.zip);
    return stored.body;
  }

  /** Registers an artifact of `run` before its upload (what CreateArtifact does). */
  createArtifact(run: WorkflowRun, name: string, expiresAt: string, createdAt?: string) {
    const id = this.nextId++;
    const at = createdAt ?? new Date().toISOString();
    const body = makeArtifact(this.ctx, { id, name, size: 0, createdAt: at, expiresAt }, run);
    const stored: StoredArtifact = {
      body,
      runId: Number(run.id),
      blobPath: `/devstoreaccount1/actions-results/${id}.zip`,
      finalized: false,
    };
    this.artifacts.push(stored);
    return stored;
  }

  /** Seeds a commit dated `date` (ISO) for GET /commits/{sha}. */
  addCommit(sha: string, date: string): Commit {
    const commit = makeCommit(this.ctx, sha, date);
    this.commits.set(sha, commit);
    return commit;
  }

  /** An ACTIONS_RUNTIME_TOKEN of a job in run `runId`: uploads with it land on that run. */
  runtimeTokenFor(runId: number): string {
    const runBackendId = `00000000-0000-4000-8000-${String(runId).padStart(12, '0')}`;
    this.backendRuns.set(runBackendId, runId);
    return makeRuntimeToken({ runBackendId, jobBackendId: `${runBackendId.slice(0, -4)}beef` });
  }

  findRun(runId: number): WorkflowRun | undefined {
    return this.runs.find((run) => Number(run.id) === runId);
  }

  /** A time-limited URL to the artifact's blob, like the SAS URLs the service hands out. */
  signedBlobUrl(stored: StoredArtifact): string {
    const expiry = new Date(Date.now() + 10 * 60 * 1000).toISOString();
    return `${this.ctx.origin}${stored.blobPath}?sv=2021-12-02&se=${encodeURIComponent(expiry)}&sr=b&sp=rcw&sig=fake-signature`;
  }
}
