import type { SharedSectionWrite } from '../../src/core/notify/shared-comment-plan.js';
import type {
  ArtifactStore,
  BaselineLookup,
  BaselineRef,
  BaselineStore,
  CommentGateway,
  CommitStatusGateway,
  IssueGateway,
  ReleaseInfo,
  ReleaseLookup,
  RepoRef,
  ThisRunArtifact,
  ThisRunArtifactStore,
  TrackedIssue,
} from '../../src/ports.js';
import type { MemoryFiles } from './memory-ports.js';

/** A baseline store in memory: one scripted lookup, one artifact text, one run artifact. */
export class FakeStore implements BaselineStore {
  saved: string[] = [];
  constructor(
    private readonly lookup: BaselineLookup,
    private readonly text = '',
    private readonly inRun?: BaselineRef,
  ) {}
  async save(path: string, name: string) {
    this.saved.push(`${name}:${path}`);
  }
  async find() {
    return this.lookup;
  }
  async download(_repo?: unknown, _ref?: BaselineRef): Promise<string> {
    return this.text;
  }
  async findInRun(_repo: unknown, runId: number, name: string) {
    return this.inRun && this.inRun.runId === runId && this.inRun.artifactName === name
      ? this.inRun
      : undefined;
  }
}

export class FakeComments implements CommentGateway {
  posted: { issue: number; marker: string; body: string }[] = [];
  /** Sections written through `upsertSection` (input comment-key), in order. */
  sections: { issue: number; write: SharedSectionWrite }[] = [];
  constructor(private readonly fail = false) {}
  async upsert(_repo: unknown, issue: number, marker: string, body: string) {
    if (this.fail) throw new Error('the token cannot write comments');
    this.posted.push({ issue, marker, body });
    return {
      action: 'created' as const,
      url: `https://github.com/acme/shop/pull/${issue}#issuecomment-1`,
    };
  }
  async upsertSection(_repo: unknown, issue: number, write: SharedSectionWrite) {
    if (this.fail) throw new Error('the token cannot write comments');
    this.sections.push({ issue, write });
    return {
      action: 'created' as const,
      url: `https://github.com/acme/shop/pull/${issue}#issuecomment-1`,
      writes: 1,
      notes: [],
    };
  }
}

export class FakeStatuses implements CommitStatusGateway {
  set: { sha: string; state: string; context: string; description: string }[] = [];
  async setStatus(
    _repo: unknown,
    sha: string,
    status: { state: string; context: string; description: string },
  ) {
    this.set.push({ sha, ...status });
  }
}

/** An artifact as `MemoryArtifacts` holds it: its ref, its one `.json` file, and its expiry. */
export interface StoredArtifact {
  ref: BaselineRef;
  text: string;
  /** ISO time it expired; set = expired (listed only as `newestExpired`). */
  expiredAt?: string;
}

/**
 * Workflow artifacts by name, in memory. `save` reads the file from `files` and keeps it as a
 * new artifact of run `runId` (so a later `listByName` finds it, as on GitHub); `failList`,
 * `failDownload` and `failSave` make those calls reject; `onList` runs after each listing (a
 * parallel run uploading meanwhile).
 */
export class MemoryArtifacts implements ArtifactStore {
  readonly artifacts: StoredArtifact[] = [];
  readonly saved: { path: string; name: string; maxRetentionDays: number; text?: string }[] = [];
  readonly listed: { name: string; limit: number }[] = [];
  readonly downloaded: number[] = [];
  failList: Error | undefined;
  failSave: Error | undefined;
  readonly failDownload = new Set<number>();
  onList: ((call: number) => void) | undefined;
  runId = 500;
  private nextId = 1;
  private clockMinutes = 0;

  constructor(private readonly files?: MemoryFiles) {}

  /** Adds an artifact of `name` holding `text`, newer than every one before it. */
  add(name: string, text: string, options: { runId?: number; expiredAt?: string } = {}) {
    const id = this.nextId++;
    this.clockMinutes++;
    const runId = options.runId ?? 100 + id;
    const ref: BaselineRef = {
      artifactId: id,
      artifactName: name,
      runId,
      commit: `c${id}`,
      branch: 'main',
      createdAt: new Date(Date.UTC(2027, 2, 1, 0, this.clockMinutes)).toISOString(),
      runUrl: `https://github.com/acme/shop/actions/runs/${runId}`,
    };
    this.artifacts.push({
      ref,
      text,
      ...(options.expiredAt ? { expiredAt: options.expiredAt } : {}),
    });
    return ref;
  }

  readonly deleted: number[] = [];
  failDelete: Error | undefined;

  async delete(_repo: RepoRef, ref: BaselineRef) {
    if (this.failDelete) throw this.failDelete;
    this.deleted.push(ref.artifactId);
    const at = this.artifacts.findIndex((a) => a.ref.artifactId === ref.artifactId);
    if (at >= 0) this.artifacts.splice(at, 1);
  }

  async listByName(_repo: RepoRef, name: string, limit: number) {
    this.listed.push({ name, limit });
    try {
      if (this.failList) throw this.failList;
      const named = this.artifacts.filter((a) => a.ref.artifactName === name).reverse();
      const usable = named.filter((a) => a.expiredAt === undefined).map((a) => a.ref);
      const expired = named.find((a) => a.expiredAt !== undefined);
      return {
        usable: usable.slice(0, limit),
        ...(usable.length === 0 && expired
          ? {
              newestExpired: {
                ...expired.ref,
                ...(expired.expiredAt ? { expiredAt: expired.expiredAt } : {}),
              },
            }
          : {}),
      };
    } finally {
      this.onList?.(this.listed.length);
    }
  }

  async download(_repo: RepoRef, ref: BaselineRef): Promise<string> {
    this.downloaded.push(ref.artifactId);
    if (this.failDownload.has(ref.artifactId))
      throw new Error(`artifact ${ref.artifactId} is gone`);
    const found = this.artifacts.find((a) => a.ref.artifactId === ref.artifactId);
    if (!found) throw new Error(`no artifact ${ref.artifactId}`);
    return found.text;
  }

  async save(path: string, name: string, maxRetentionDays: number): Promise<void> {
    if (this.failSave) throw this.failSave;
    const text = this.files?.files.get(path);
    this.saved.push({ path, name, maxRetentionDays, ...(text !== undefined ? { text } : {}) });
    if (text !== undefined) this.add(name, text, { runId: this.runId });
  }
}

/** An artifact as `MemoryRunArtifacts` keeps it: the run it belongs to and its one file. */
export interface RunArtifactRecord {
  id: number;
  name: string;
  runId: number;
  text: string;
  retentionDays: number;
}

/**
 * The artifacts of one workflow run as one of its jobs sees them, in memory. Jobs share
 * `records` (pass the same array, `forJob` does): what one job uploads, another job of the same
 * run lists; other runs' records are never listed. `upload` reads the file from the job's
 * `files`, and refuses a name the run already has, as GitHub's artifacts v4 do. `failUpload`,
 * `failList` and `failDownload` (names) make those calls reject.
 */
export class MemoryRunArtifacts implements ThisRunArtifactStore {
  failUpload: Error | undefined;
  failList: Error | undefined;
  readonly failDownload = new Set<string>();
  readonly downloaded: string[] = [];

  constructor(
    readonly runId: number,
    private readonly files: MemoryFiles,
    readonly records: RunArtifactRecord[] = [],
  ) {}

  /** Another job (its own checkout `files`) of run `runId`, sharing the records. */
  forJob(files: MemoryFiles, runId = this.runId): MemoryRunArtifacts {
    return new MemoryRunArtifacts(runId, files, this.records);
  }

  /** Adds an artifact of run `runId` holding `text`, as an earlier job would have. */
  add(name: string, text: string, runId = this.runId, retentionDays = 1): RunArtifactRecord {
    const record = { id: this.records.length + 1, name, runId, text, retentionDays };
    this.records.push(record);
    return record;
  }

  async upload(path: string, name: string, retentionDays: number): Promise<void> {
    if (this.failUpload) throw this.failUpload;
    const text = this.files.files.get(path);
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    if (this.records.some((r) => r.runId === this.runId && r.name === name))
      throw new Error(`an artifact with this name already exists on the workflow run: ${name}`);
    this.add(name, text, this.runId, retentionDays);
  }

  async list(): Promise<ThisRunArtifact[]> {
    if (this.failList) throw this.failList;
    const newest = new Map<string, RunArtifactRecord>();
    for (const record of this.records) {
      if (record.runId !== this.runId) continue;
      const seen = newest.get(record.name);
      if (!seen || record.id > seen.id) newest.set(record.name, record);
    }
    return [...newest.values()].map(({ id, name }) => ({ id, name }));
  }

  async download(artifact: ThisRunArtifact): Promise<string> {
    this.downloaded.push(artifact.name);
    if (this.failDownload.has(artifact.name))
      throw new Error(`could not download artifact ${artifact.name}: 503 Service Unavailable`);
    const found = this.records.find((r) => r.id === artifact.id && r.runId === this.runId);
    if (!found) throw new Error(`no artifact ${artifact.id} in run ${this.runId}`);
    return found.text;
  }
}

/** One scripted latest release (or none, or an error). */
export class FakeReleases implements ReleaseLookup {
  calls = 0;
  constructor(private readonly release: ReleaseInfo | Error | undefined) {}
  async latestRelease(): Promise<ReleaseInfo | undefined> {
    this.calls++;
    if (this.release instanceof Error) throw this.release;
    return this.release;
  }
}

/**
 * Issues in memory, each with its labels. `find` takes the newest issue with the label whose
 * body holds the marker, as the real gateway does; `fail` makes every call reject with it
 * (e.g. an error with `status: 403`); `calls` lists what was asked, in order.
 */
export class FakeIssues implements IssueGateway {
  readonly issues: (TrackedIssue & { labels: string[] })[] = [];
  readonly comments: { number: number; body: string }[] = [];
  readonly calls: string[] = [];
  fail: Error | undefined;
  /** What `closedAt` becomes when an issue is closed. */
  closedAtIso = '2027-03-01T12:00:00.000Z';

  async find(_repo: RepoRef, label: string, marker: string) {
    this.calls.push('find');
    if (this.fail) throw this.fail;
    const found = [...this.issues]
      .reverse()
      .find((i) => i.labels.includes(label) && i.body.includes(marker));
    return found ? this.view(found) : undefined;
  }

  async create(_repo: RepoRef, issue: { title: string; body: string; label: string }) {
    this.calls.push('create');
    if (this.fail) throw this.fail;
    const number = this.issues.length + 1;
    const created = {
      number,
      state: 'open' as const,
      title: issue.title,
      body: issue.body,
      url: `https://github.com/acme/shop/issues/${number}`,
      labels: [issue.label],
    };
    this.issues.push(created);
    return this.view(created);
  }

  async update(
    _repo: RepoRef,
    number: number,
    change: { title?: string; body?: string; state?: 'open' | 'closed' },
  ) {
    this.calls.push(`update${change.state ? ` ${change.state}` : ''}`);
    if (this.fail) throw this.fail;
    const issue = this.issues.find((i) => i.number === number);
    if (!issue) throw Object.assign(new Error(`no issue ${number}`), { status: 404 });
    if (change.title !== undefined) issue.title = change.title;
    if (change.body !== undefined) issue.body = change.body;
    if (change.state === 'closed') {
      issue.state = 'closed';
      issue.closedAt = this.closedAtIso;
    } else if (change.state === 'open') {
      issue.state = 'open';
      delete issue.closedAt;
    }
  }

  async comment(_repo: RepoRef, number: number, body: string) {
    this.calls.push('comment');
    if (this.fail) throw this.fail;
    this.comments.push({ number, body });
  }

  private view(issue: TrackedIssue & { labels: string[] }): TrackedIssue {
    const { labels: _labels, ...tracked } = issue;
    return { ...tracked };
  }
}
