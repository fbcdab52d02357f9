import type {
  BaselineLookup,
  BaselineRef,
  BaselineStore,
  CommentGateway,
  CommitStatusGateway,
} from '../../src/ports.js';

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
  constructor(private readonly fail = false) {}
  async upsert(_repo: unknown, issue: number, marker: string, body: string) {
    if (this.fail) throw new Error('the token cannot write comments');
    this.posted.push({ issue, marker, body });
    return {
      action: 'created' as const,
      url: `https://github.com/acme/shop/pull/${issue}#issuecomment-1`,
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
