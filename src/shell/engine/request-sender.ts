import { Agent, type Dispatcher } from 'undici';
import { classifyResponse, ResponseClass } from '../../core/stats/classify-response.js';
import { classifyTransportError, type ErrorKind } from '../../core/stats/error-kind.js';
import { extractValues } from '../../core/stats/extract-value.js';
import {
  isRedirectStatus,
  planRedirect,
  type RedirectHop,
  type RedirectPlan,
} from '../../core/stats/plan-redirect.js';
import type { RunRecorder } from '../../core/stats/run-recorder.js';
import type { DeadlineSweeper, DeadlineWatched } from './deadline-sweeper.js';
import { DataExhausted, type IterationContext } from './iteration-context.js';
import { type RenderedRequest, type RequestTemplate, renderRequest } from './request-templates.js';

/** Bodies read for a `body` expectation are capped: the wanted substring is near the start. */
const BODY_LIMIT_CHARS = 1 << 20;
/** Handed to the dispatcher when a deadline cuts a request; never reported (the kind is `timeout`). */
const DEADLINE_PASSED = Object.assign(new Error('total deadline passed'), {
  code: 'LOADGATE_DEADLINE',
});

/** Where a sender reports each request: a run's `RunRecorder`, or the heartbeat's recorder. */
export type RequestRecorder = Pick<
  RunRecorder,
  'onSent' | 'onResponse' | 'onError' | 'onRedirected' | 'onInterrupted'
>;

export interface RequestSenderOptions {
  /** Origin of `pool`; hops to any other origin go through a separate agent. */
  origin: string;
  /** Connections per other origin that redirects lead to. */
  connections: number;
  connectTimeoutMs: number;
  /** The target's TLS options (`ca`, `rejectUnauthorized`), used for other origins too. */
  tls?: { ca?: string[]; rejectUnauthorized?: boolean };
}

/**
 * Sends one scenario request through the run's dispatcher (`openTransport`: the plain
 * HTTP/1.1 pool or undici's, both with undici's `dispatch` interface) and records the outcome.
 * Latency is taken from the caller's intended time, service time from the moment the request
 * is written, so the two differ exactly by the generator's lateness.
 * Redirects are followed (see `planRedirect`) as part of the same request: one deadline, one
 * latency, to the end of the final answer.
 */
export class RequestSender<R extends RequestRecorder = RunRecorder> {
  /** Set when the run is being torn down: late failures are then interruptions, not errors. */
  stopping = false;
  /** For redirect hops to other origins; created on the first such hop. */
  private otherOrigins: Agent | undefined;
  /** Per scenario: how many requests failed as `extract_failed`, and why the first did (the
   * reason names the spec or reference, never a value), so the run can say why, not only how
   * often. */
  readonly extractFailures = new Map<number, { count: number; firstReason: string }>();

  constructor(
    private readonly pool: Pick<Dispatcher, 'dispatch'>,
    private readonly templates: readonly RequestTemplate[],
    readonly recorder: R,
    readonly nowMs: () => number,
    readonly deadlines: DeadlineSweeper,
    private readonly options: RequestSenderOptions,
  ) {}

  /**
   * @param done called exactly once when the request has finished, whatever the outcome:
   *   `passed` when it got an expected answer (ok or blocked) and took every value its
   *   `extract` asks for.
   * @param iteration the journey run or dynamic request it belongs to: its values fill the
   *   template's per-request parts, extracted values go into its `vars`, and its `stepOutcome`
   *   says how the request ended. Without it the template is sent exactly as built.
   */
  send(
    scenario: number,
    intendedMs: number,
    done: (passed: boolean) => void,
    iteration?: IterationContext,
  ): void {
    const template = this.templates[scenario] as RequestTemplate;
    if (iteration !== undefined) {
      this.sendInIteration(scenario, intendedMs, template, done, iteration);
      return;
    }
    const handler = new ResponseHandler(this, scenario, intendedMs, template, done, undefined);
    try {
      this.pool.dispatch(template.options, handler);
    } catch (error) {
      // Deferred: a request that throws on every dispatch would otherwise recurse through a
      // closed-model user's loop until the stack overflows.
      setImmediate(() => handler.onResponseError(undefined, error as Error));
    }
  }

  private sendInIteration(
    scenario: number,
    intendedMs: number,
    template: RequestTemplate,
    done: (passed: boolean) => void,
    iteration: IterationContext,
  ): void {
    let request: RenderedRequest;
    try {
      request = renderRequest(template, iteration);
    } catch (error) {
      // Deferred like a dispatch that throws (a user's loop must not recurse).
      setImmediate(() => this.refuseUnrendered(scenario, intendedMs, done, iteration, error));
      return;
    }
    const handler = new ResponseHandler(this, scenario, intendedMs, template, done, {
      iteration,
      request,
      headers: undefined,
    });
    try {
      this.pool.dispatch(request.options, handler);
    } catch (error) {
      setImmediate(() => handler.onResponseError(undefined, error as Error));
    }
  }

  /**
   * A request that could not be rendered is never sent. A data source that ran out stops the
   * run (its owner was told): the request was never sent nor in flight, so its row counts
   * nothing (its journey counts as interrupted). Anything else is a value an earlier step
   * should have extracted and did not (a step before it failed with `continueOnFailure`):
   * `extract_failed`, never a request with a hole in it.
   */
  private refuseUnrendered(
    scenario: number,
    intendedMs: number,
    done: (passed: boolean) => void,
    iteration: IterationContext,
    error: unknown,
  ): void {
    if (error instanceof DataExhausted || this.stopping) {
      iteration.stepOutcome = 'interrupted';
    } else {
      iteration.stepOutcome = 'extract_failed';
      this.noteExtractFailure(scenario, error instanceof Error ? error.message : String(error));
      this.recorder.onError(scenario, intendedMs, this.nowMs(), 'extract_failed');
    }
    done(false);
  }

  noteExtractFailure(scenario: number, reason: string): void {
    const known = this.extractFailures.get(scenario);
    if (known) known.count++;
    else this.extractFailures.set(scenario, { count: 1, firstReason: reason });
  }

  /** Sends a redirect hop through the pool for its origin. */
  dispatchHop(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): void {
    if (options.origin === this.options.origin) {
      this.pool.dispatch(options, handler);
      return;
    }
    this.otherOrigins ??= new Agent({
      connections: this.options.connections,
      connect: { timeout: this.options.connectTimeoutMs, ...this.options.tls },
    });
    this.otherOrigins.dispatch(options, handler);
  }

  /** Closes the connections redirects opened to other origins (`force`: cut requests in flight). */
  async closeOtherOrigins(force: boolean): Promise<void> {
    const agent = this.otherOrigins;
    this.otherOrigins = undefined;
    if (agent) await (force ? agent.destroy() : agent.close());
  }
}

/** A request of an iteration: what was rendered for it, and where its outcome goes. */
interface IterationStep {
  iteration: IterationContext;
  request: RenderedRequest;
  /** The final answer's headers, kept only when the template extracts values. */
  headers: Record<string, string | string[] | undefined> | undefined;
}

class ResponseHandler implements Dispatcher.DispatchHandler, DeadlineWatched {
  sentMs = -1;
  finished = false;
  private status = 0;
  private body: string | undefined;
  /** The controller of the hop in flight: aborting it frees its connection. */
  private controller: Dispatcher.DispatchController | undefined;
  /** Set when the answer in flight is a redirect to follow (its body is skipped) or refuse. */
  private redirect: Exclude<RedirectPlan, { kind: 'final' }> | undefined;
  private hops = 0;
  /** The hop in flight, once a redirect was followed; the template's request before. */
  private hop: RedirectHop | undefined;
  /** A 301/302/303 turned the request into a GET: later 307/308 hops have no body to keep. */
  private bodyDropped = false;

  /** Asks the plain HTTP/1.1 pool for the headers of every answer, not only redirects'. */
  get readsHeaders(): boolean {
    return this.step !== undefined && this.template.extract !== undefined;
  }

  constructor(
    private readonly sender: RequestSender<RequestRecorder>,
    private readonly scenario: number,
    private readonly intendedMs: number,
    private readonly template: RequestTemplate,
    private readonly done: (passed: boolean) => void,
    /** Set for a request of an iteration (one object, so a static request pays one field). */
    private readonly step: IterationStep | undefined,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // A redirect hop written after the deadline already ended the request: cut it at once.
    if (this.finished) {
      controller.abort(DEADLINE_PASSED);
      return;
    }
    // undici may call this again when it retries a request at the head of a failed pipeline,
    // and it does for every redirect hop: the deadline runs from the first write.
    if (this.sentMs >= 0) return;
    this.sentMs = this.sender.nowMs();
    this.sender.recorder.onSent(this.scenario, this.intendedMs, this.sentMs);
    this.sender.deadlines.track(this.template.deadlineLane, this);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return;
    this.status = statusCode;
    if (this.step !== undefined && this.template.extract !== undefined) this.step.headers = headers;
    if (this.template.maxRedirects === 0 || !isRedirectStatus(statusCode)) return;
    const plan = planRedirect(
      statusCode,
      headers.location,
      this.hop ?? {
        url: this.step?.request.url ?? this.template.url,
        method: this.template.options.method,
        headers: (this.step?.request.options ?? this.template.options).headers as Record<
          string,
          string
        >,
      },
      this.hops,
      this.template.maxRedirects,
    );
    if (plan.kind !== 'final') this.redirect = plan;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.template.readBody || this.redirect) return;
    const body = this.body ?? '';
    if (body.length < BODY_LIMIT_CHARS) this.body = body + chunk.toString('utf8');
  }

  onResponseEnd(): void {
    if (this.finished) return;
    const redirect = this.redirect;
    if (redirect) {
      this.redirect = undefined;
      if (redirect.kind === 'follow') this.follow(redirect.hop);
      else this.fail(redirect.errorKind);
      return;
    }
    this.finished = true;
    const doneMs = this.sender.nowMs();
    const sentMs = this.sentMs >= 0 ? this.sentMs : this.intendedMs;
    const recorder = this.sender.recorder;
    // The sweeper checks deadlines every few ms; an answer completing in between is past its
    // deadline all the same, exactly as the profile's `timeout` says.
    if (doneMs - sentMs > this.template.timeoutMs) {
      recorder.onError(this.scenario, this.intendedMs, doneMs, 'timeout');
      if (this.step) this.step.iteration.stepOutcome = 'timeout';
      this.done(false);
      return;
    }
    const cls = classifyResponse(this.template.expectation, this.status, this.body);
    const passed = cls === ResponseClass.ok || cls === ResponseClass.blocked;
    const step = this.step;
    if (step !== undefined) {
      const iteration = step.iteration;
      if (passed && this.template.extract !== undefined && !this.extractInto(step)) {
        iteration.stepOutcome = 'extract_failed';
        recorder.onError(this.scenario, this.intendedMs, doneMs, 'extract_failed');
        this.done(false);
        return;
      }
      iteration.stepOutcome = cls;
    }
    recorder.onResponse(this.scenario, this.intendedMs, sentMs, doneMs, this.status, cls);
    this.done(passed);
  }

  /** Takes the step's values into its iteration's `vars`; false when one is missing. */
  private extractInto(step: IterationStep): boolean {
    const extracted = extractValues(this.template.extract ?? [], {
      headers: step.headers ?? {},
      body: this.body,
    });
    if (!extracted.ok) {
      this.sender.noteExtractFailure(this.scenario, extracted.reason);
      return false;
    }
    Object.assign(step.iteration.vars, extracted.values);
    return true;
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.finished) return;
    if (this.sender.stopping) this.interrupt();
    else this.fail(classifyTransportError(error));
  }

  /** The total deadline passed (called by the sweeper): a timeout, and the connection is cut. */
  expire(nowMs: number): void {
    if (this.finished) return;
    this.finished = true;
    this.sender.recorder.onError(this.scenario, this.intendedMs, nowMs, 'timeout');
    if (this.step) this.step.iteration.stepOutcome = 'timeout';
    // Between two hops this controller's request is complete and the abort does nothing; the
    // next hop is then cut as soon as it is written (see onRequestStart).
    this.controller?.abort(DEADLINE_PASSED);
    this.done(false);
  }

  private follow(hop: RedirectHop): void {
    if (this.sender.stopping) {
      this.interrupt();
      return;
    }
    this.hops++;
    this.sender.recorder.onRedirected(this.scenario, this.intendedMs);
    this.hop = hop;
    if (!hop.keepBody) this.bodyDropped = true;
    this.status = 0;
    this.body = undefined;
    const options: Dispatcher.DispatchOptions = {
      origin: hop.origin,
      path: hop.path,
      method: hop.method as Dispatcher.HttpMethod,
      headers: hop.headers,
      body: this.bodyDropped
        ? undefined
        : (this.step?.request.options ?? this.template.options).body,
      headersTimeout: 0,
      bodyTimeout: 0,
    };
    try {
      this.sender.dispatchHop(options, this);
    } catch (error) {
      this.onResponseError(undefined, error as Error);
    }
  }

  private fail(kind: ErrorKind): void {
    this.finished = true;
    this.sender.recorder.onError(this.scenario, this.intendedMs, this.sender.nowMs(), kind);
    if (this.step) this.step.iteration.stepOutcome = kind;
    this.done(false);
  }

  private interrupt(): void {
    this.finished = true;
    this.sender.recorder.onInterrupted(this.scenario, this.intendedMs);
    if (this.step) this.step.iteration.stepOutcome = 'interrupted';
    this.done(false);
  }
}
