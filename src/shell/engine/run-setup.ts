import type { Dispatcher } from 'undici';
import { MIN_MASKED_SECRET_LENGTH } from '../../core/profile/secret-masking.js';
import type { Scenario, SetupSettings } from '../../core/profile/types.js';
import { classifyResponse, ResponseClass } from '../../core/stats/classify-response.js';
import { classifyTransportError, type ErrorKind } from '../../core/stats/error-kind.js';
import { extractValues } from '../../core/stats/extract-value.js';
import { DataExhausted, type IterationSource } from './iteration-context.js';
import { type RenderedRequest, type RequestTemplate, renderRequest } from './request-templates.js';

/** What a setup needs of a pool: undici's, or the plain HTTP/1.1 pool. */
export type SetupDispatcher = Pick<Dispatcher, 'dispatch'>;

/** A failed setup's message quotes at most this much of the answer's body. */
export const SETUP_EXCERPT_CHARS = 200;
/** Setup answers are read up to this much (a token is near the start). */
const SETUP_BODY_LIMIT_CHARS = 1 << 20;
/** A per-VU log-in that failed is tried again after this long. */
export const VU_LOGIN_RETRY_MS = 1000;

/** One setup request as it went, for `setup.measure` rows. */
export interface MeasuredSetupRequest {
  /** Its row in `Profile.scenarios` (`setup/<name>`). */
  row: number;
  startMs: number;
  doneMs: number;
  /** Undefined when there was no answer (`outcome` is then the error kind). */
  status: number | undefined;
  outcome: ResponseClass | ErrorKind;
}

export type SetupRunResult =
  | { ok: true; values: Record<string, string> }
  /** `message`: which request, what it answered, a short masked excerpt. `stopped`: the run
   * was stopped meanwhile, which is not a failure of the setup. */
  | { ok: false; message: string; stopped: boolean };

export interface SetupRunOptions {
  /** The run's pool: setup requests use the connections the load will use. */
  pool: SetupDispatcher;
  /** `buildSetupTemplates(profile)`: one per `setup.requests`, in order. */
  templates: readonly RequestTemplate[];
  setup: SetupSettings;
  iterations: IterationSource;
  /** The profile's secrets, masked in a failure's message. */
  secretValues: readonly string[];
  nowMs: () => number;
  /** Told every extracted value before any request can use it (they are secrets). */
  onSecretValues?: (values: string[]) => void;
  /** With `setup.measure`: each request as it went, on its row. */
  onMeasured?: (request: MeasuredSetupRequest) => void;
}

/**
 * Runs the setup requests in order, as one iteration (one row drawn per data source used, so
 * a log-in reads its user name and password from the same row), each rendered with the values
 * extracted by the requests before it. Stops at the first request that fails: a transport
 * error, an answer its `expect` does not accept, or a value its `extract` cannot take.
 * @param vu the user's number for a per-VU setup (from 1), 0 for the once setup.
 * @param signal stops the setup (the run ended): the result is then `stopped`.
 */
export async function runSetup(
  options: SetupRunOptions,
  vu: number,
  signal?: AbortSignal,
): Promise<SetupRunResult> {
  const values: Record<string, string> = {};
  const context = options.iterations.create(vu, 0, values, false);
  context.secretsSeen = [];
  const requests = options.setup.requests;
  for (let index = 0; index < requests.length; index++) {
    const request = requests[index] as SetupSettings['requests'][number];
    const template = options.templates[index] as RequestTemplate;
    const mask = (text: string) =>
      maskSecrets(text, [
        ...options.secretValues,
        ...(context.secretsSeen ?? []),
        ...Object.values(values),
      ]);
    const name = describeSetupRequest(request.scenario);
    let rendered: RenderedRequest;
    try {
      rendered = renderRequest(template, context);
    } catch (error) {
      const why =
        error instanceof DataExhausted
          ? `data.${error.source} has no unique row left (onExhausted: stop)`
          : (error as Error).message;
      return { ok: false, message: mask(`${name} could not be sent: ${why}`), stopped: false };
    }
    const startMs = options.nowMs();
    const answer = await sendSetupRequest(options.pool, rendered, template.timeoutMs, signal);
    const doneMs = options.nowMs();
    if (answer.kind === 'stopped') return { ok: false, message: '', stopped: true };
    if (answer.kind === 'error') {
      options.onMeasured?.(measured(request.row, startMs, doneMs, undefined, answer.errorKind));
      const detail = answer.detail ? ` (${answer.detail})` : '';
      return {
        ok: false,
        message: mask(`${name} failed: ${answer.errorKind}${detail}`),
        stopped: false,
      };
    }
    const cls = classifyResponse(template.expectation, answer.status, answer.body);
    const passed = cls === ResponseClass.ok || cls === ResponseClass.blocked;
    const excerpt = () => excerptBody(mask(answer.body));
    if (!passed) {
      options.onMeasured?.(measured(request.row, startMs, doneMs, answer.status, cls));
      const expected = describeExpectation(request.scenario);
      return {
        ok: false,
        message: mask(`${name} answered ${answer.status}, ${expected}: ${excerpt()}`),
        stopped: false,
      };
    }
    if (request.extract.length > 0) {
      const extracted = extractValues(request.extract, {
        headers: answer.headers,
        body: answer.body,
      });
      if (!extracted.ok) {
        options.onMeasured?.(measured(request.row, startMs, doneMs, undefined, 'extract_failed'));
        return {
          ok: false,
          message: mask(
            `${name} answered ${answer.status}, but ${extracted.name} could not be taken: ${extracted.reason}: ${excerpt()}`,
          ),
          stopped: false,
        };
      }
      // Secrets before anything can use (or print) them.
      options.onSecretValues?.(Object.values(extracted.values));
      Object.assign(values, extracted.values);
    }
    options.onMeasured?.(measured(request.row, startMs, doneMs, answer.status, cls));
  }
  return { ok: true, values };
}

function measured(
  row: number | undefined,
  startMs: number,
  doneMs: number,
  status: number | undefined,
  outcome: ResponseClass | ErrorKind,
): MeasuredSetupRequest {
  return { row: row ?? -1, startMs, doneMs, status, outcome };
}

/** `setup request "login" (POST /auth/token)`: the path as written, values not filled in. */
function describeSetupRequest(scenario: Scenario): string {
  const name = scenario.name.replace(/^setup\//, '');
  return `setup request "${name}" (${scenario.method} ${scenario.path})`;
}

/** `expected 200`, `expected 200 or 201`, `expected 200 with "welcome" in the body`. */
function describeExpectation(scenario: Scenario): string {
  const statuses = scenario.expect.status.map(String);
  const last = statuses.pop();
  const list = statuses.length > 0 ? `${statuses.join(', ')} or ${last}` : (last ?? '');
  const body = scenario.expect.bodyIncludes;
  return body === undefined
    ? `expected ${list}`
    : `expected ${list} with ${JSON.stringify(body)} in the body`;
}

/**
 * Replaces every occurrence of each secret (at least `MIN_MASKED_SECRET_LENGTH` characters, as
 * output masking does) with `***`, longest first so a secret containing another goes whole.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  const masked = [...new Set(secrets)]
    .filter((s) => s.length >= MIN_MASKED_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of masked) out = out.split(secret).join('***');
  return out;
}

/** One line of at most `SETUP_EXCERPT_CHARS` characters (whitespace runs become one space). */
export function excerptBody(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (line === '') return '(empty body)';
  return line.length > SETUP_EXCERPT_CHARS ? `${line.slice(0, SETUP_EXCERPT_CHARS - 1)}…` : line;
}

type SetupAnswer =
  | {
      kind: 'answer';
      status: number;
      headers: Record<string, string | string[] | undefined>;
      body: string;
    }
  | { kind: 'error'; errorKind: ErrorKind; detail: string }
  | { kind: 'stopped' };

/**
 * Sends one setup request over `dispatch` (undici's pool or the plain HTTP/1.1 pool, so a
 * setup uses the run's own connections) and reads its whole answer. Resolves, never rejects.
 */
function sendSetupRequest(
  pool: SetupDispatcher,
  request: RenderedRequest,
  timeoutMs: number,
  stop: AbortSignal | undefined,
): Promise<SetupAnswer> {
  if (stop?.aborted) return Promise.resolve({ kind: 'stopped' });
  return new Promise((resolve) => {
    let controller: Dispatcher.DispatchController | undefined;
    let status = 0;
    let headers: Record<string, string | string[] | undefined> = {};
    let body = '';
    let settled = false;
    let timedOut = false;
    const settle = (answer: SetupAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
      resolve(answer);
    };
    const cut = (reason: Error) => {
      if (controller) controller.abort(reason);
      else handler.onResponseError(undefined, reason);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      cut(new Error('setup request timed out'));
    }, timeoutMs);
    const onStop = () => cut(new Error('the run was stopped'));
    stop?.addEventListener('abort', onStop, { once: true });
    const handler = {
      readsHeaders: true,
      onRequestStart(c: Dispatcher.DispatchController) {
        controller = c;
        if (settled) c.abort(new Error('setup request ended'));
      },
      onResponseStart(
        _c: Dispatcher.DispatchController,
        statusCode: number,
        answerHeaders: Record<string, string | string[] | undefined>,
      ) {
        // An interim answer (100, 103) is not the answer.
        if (statusCode < 200) return;
        status = statusCode;
        headers = answerHeaders;
      },
      onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer) {
        if (body.length < SETUP_BODY_LIMIT_CHARS) body += chunk.toString('utf8');
      },
      onResponseEnd() {
        settle({ kind: 'answer', status, headers, body });
      },
      onResponseError(_c: Dispatcher.DispatchController | undefined, error: Error) {
        if (timedOut) {
          settle({ kind: 'error', errorKind: 'timeout', detail: `after ${timeoutMs} ms` });
        } else if (stop?.aborted) settle({ kind: 'stopped' });
        else {
          const err = error as Error & { code?: unknown };
          settle({ kind: 'error', errorKind: classifyTransportError(err), detail: err.message });
        }
      },
    };
    const { options } = request;
    try {
      pool.dispatch(
        {
          origin: options.origin,
          path: options.path,
          method: options.method,
          headers: options.headers,
          body: options.body,
          headersTimeout: 0,
          bodyTimeout: 0,
        },
        handler,
      );
    } catch (error) {
      handler.onResponseError(undefined, error as Error);
    }
  });
}

export interface VuLoginsOptions extends SetupRunOptions {
  /** Each log-in's outcome (`ok` false: failed, to be retried). */
  onLogin: (ok: boolean) => void;
}

/**
 * Per-VU setup (`setup.perVu`): each virtual user logs in as it starts, before its first
 * iteration, so log-ins spread over the ramp as users do. A failed log-in is counted and tried
 * again after `VU_LOGIN_RETRY_MS`; stopping the run ends the waits at once.
 */
export class VuLogins {
  private readonly stop = new AbortController();
  private readonly valuesByVu = new Map<number, Record<string, string>>();
  private readonly waiting = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  /** The first failure's message (masked), for the run's warnings. */
  firstFailure: string | undefined;
  failures = 0;

  constructor(private readonly options: VuLoginsOptions) {}

  /** The user's setup values (empty until its log-in succeeded). */
  valuesOf(vu: number): Readonly<Record<string, string>> {
    return this.valuesByVu.get(vu) ?? EMPTY;
  }

  /** Logs `vu` in, retrying; `ready` is called once, on success or when the run stops. */
  prepare(vu: number, ready: () => void): void {
    void this.attempt(vu, ready);
  }

  /** Ends every wait and cuts log-ins in flight; their users are released. */
  close(): void {
    this.stop.abort();
    for (const wait of [...this.waiting]) {
      clearTimeout(wait.timer);
      this.waiting.delete(wait);
      wait.wake();
    }
  }

  private async attempt(vu: number, ready: () => void): Promise<void> {
    for (;;) {
      const result = await runSetup(this.options, vu, this.stop.signal);
      if (result.ok) {
        this.valuesByVu.set(vu, result.values);
        this.options.onLogin(true);
        ready();
        return;
      }
      if (result.stopped || this.stop.signal.aborted) {
        ready();
        return;
      }
      this.failures++;
      this.firstFailure ??= result.message;
      this.options.onLogin(false);
      await new Promise<void>((wake) => {
        const wait = {
          timer: setTimeout(() => {
            this.waiting.delete(wait);
            wake();
          }, VU_LOGIN_RETRY_MS),
          wake,
        };
        this.waiting.add(wait);
      });
      if (this.stop.signal.aborted) {
        ready();
        return;
      }
    }
  }
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});
