import type { Dispatcher, Pool } from 'undici';
import { classifyResponse } from '../../core/stats/classify-response.js';
import { classifyTransportError } from '../../core/stats/error-kind.js';
import type { RunRecorder } from '../../core/stats/run-recorder.js';
import type { RequestTemplate } from './request-templates.js';

/** Bodies read for a `body` expectation are capped: the wanted substring is near the start. */
const BODY_LIMIT_CHARS = 1 << 20;

/**
 * Sends one scenario request through undici's `dispatch` (the cheapest path it offers) and
 * records the outcome. Latency is taken from the caller's intended time, service time from the
 * moment undici writes the request, so the two differ exactly by the generator's lateness.
 */
export class RequestSender {
  /** Set when the run is being torn down: late failures are then interruptions, not errors. */
  stopping = false;

  constructor(
    private readonly pool: Pool,
    private readonly templates: readonly RequestTemplate[],
    readonly recorder: RunRecorder,
    readonly nowMs: () => number,
  ) {}

  /** @param done called exactly once when the request has finished, whatever the outcome. */
  send(scenario: number, intendedMs: number, done: () => void): void {
    const template = this.templates[scenario] as RequestTemplate;
    const handler = new ResponseHandler(this, scenario, intendedMs, template, done);
    try {
      this.pool.dispatch(template.options, handler);
    } catch (error) {
      // Deferred: a request that throws on every dispatch would otherwise recurse through a
      // closed-model user's loop until the stack overflows.
      setImmediate(() => handler.onResponseError(undefined, error as Error));
    }
  }
}

class ResponseHandler implements Dispatcher.DispatchHandler {
  private sentMs = -1;
  private status = 0;
  private body: string | undefined;
  private finished = false;

  constructor(
    private readonly sender: RequestSender,
    private readonly scenario: number,
    private readonly intendedMs: number,
    private readonly template: RequestTemplate,
    private readonly done: () => void,
  ) {}

  onRequestStart(): void {
    // undici may call this again when it retries a request at the head of a failed pipeline.
    if (this.sentMs >= 0) return;
    this.sentMs = this.sender.nowMs();
    this.sender.recorder.onSent(this.scenario, this.intendedMs, this.sentMs);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    if (statusCode >= 200) this.status = statusCode;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.template.readBody) return;
    const body = this.body ?? '';
    if (body.length < BODY_LIMIT_CHARS) this.body = body + chunk.toString('utf8');
  }

  onResponseEnd(): void {
    if (this.finished) return;
    this.finished = true;
    const doneMs = this.sender.nowMs();
    const sentMs = this.sentMs >= 0 ? this.sentMs : this.intendedMs;
    const recorder = this.sender.recorder;
    // undici enforces its timeouts with ~1 s resolution, so a slow answer can arrive after the
    // deadline; it is a timeout all the same, exactly as the profile's `timeout` says.
    if (doneMs - sentMs > this.template.timeoutMs) {
      recorder.onError(this.scenario, this.intendedMs, doneMs, 'timeout');
    } else {
      const cls = classifyResponse(this.template.expectation, this.status, this.body);
      recorder.onResponse(this.scenario, this.intendedMs, sentMs, doneMs, this.status, cls);
    }
    this.done();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.finished) return;
    this.finished = true;
    const recorder = this.sender.recorder;
    if (this.sender.stopping) recorder.onInterrupted(this.scenario, this.intendedMs);
    else
      recorder.onError(
        this.scenario,
        this.intendedMs,
        this.sender.nowMs(),
        classifyTransportError(error),
      );
    this.done();
  }
}
