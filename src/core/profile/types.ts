/**
 * The normalized, validated profile: what the engine runs. Produced only by `parseProfile`
 * (from YAML/JSON text) and `applyOverrides` (CLI flags / action inputs); every number here is
 * already in base units (milliseconds, requests per second) and every default is filled in.
 */
import type { Layer } from '../input/series-labels.js';
import type { Rules } from '../rules/types.js';

export type ExecutorName =
  | 'constant-arrival-rate'
  | 'ramping-arrival-rate'
  | 'constant-vus'
  | 'ramping-vus';

export type PresetName = 'smoke' | 'load' | 'stress' | 'spike' | 'soak' | 'heartbeat';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** One leg of a ramp: the rate (or VU count) moves linearly to `target` over `durationMs`. */
export interface Stage {
  durationMs: number;
  target: number;
}

/** Open model: arrivals follow a schedule whatever the target does (k6's arrival-rate executors). */
export interface ConstantArrivalRatePlan {
  executor: 'constant-arrival-rate';
  ratePerSec: number;
  durationMs: number;
}

export interface RampingArrivalRatePlan {
  executor: 'ramping-arrival-rate';
  /** Rate at t=0, before the first stage; requests per second. */
  startRatePerSec: number;
  /** `target` is a rate in requests per second. */
  stages: Stage[];
}

/** Closed model: N users, each waits for its answer (plus think time) before the next request. */
export interface ConstantVusPlan {
  executor: 'constant-vus';
  vus: number;
  durationMs: number;
}

export interface RampingVusPlan {
  executor: 'ramping-vus';
  startVus: number;
  /** `target` is a number of virtual users. */
  stages: Stage[];
}

export type LoadPlan =
  | ConstantArrivalRatePlan
  | RampingArrivalRatePlan
  | ConstantVusPlan
  | RampingVusPlan;

/** `open`: arrivals on a schedule (arrival-rate executors); `closed`: users that wait (VU ones). */
export type LoadModel = 'open' | 'closed';

export interface LoadSettings {
  plan: LoadPlan;
  /** Preset the plan was built from, when the profile named one. */
  preset?: PresetName;
  /** Upper bound on open TCP connections to the target; opened before measuring. */
  connections: number;
  /** Requests in flight at once (open model); reaching it queues or drops, always counted. */
  maxInFlight: number;
  /** What an arrival does when `maxInFlight` is reached: wait for a slot (latency includes the
   * wait, as it is measured from the intended time) or be dropped (counted as `dropped`). */
  onMaxInFlight: 'queue' | 'drop';
  /** Phase run before the measured plan and excluded from every figure; 0 disables it. */
  warmupMs: number;
  /** Closed model only: pause after each response, drawn uniformly from [minMs, maxMs]. */
  thinkTime: { minMs: number; maxMs: number };
  /** After the plan ends, how long in-flight and queued requests may still finish. */
  gracefulStopMs: number;
}

export interface Expectation {
  /** Accepted status codes. A match in 400..499 counts as `blocked` (an intended rejection). */
  status: number[];
  /** When set, a response whose body lacks this substring counts as `failed`. */
  bodyIncludes?: string;
}

export interface Scenario {
  name: string;
  /** Relative weight of this request in the mix; > 0. */
  weight: number;
  method: HttpMethod;
  /** Path with query, `${VAR}`s already substituted. Starts with `/`. */
  path: string;
  /** The path as written in the profile (before substitution): what reports show. For a
   * profile-less `--target`, its query values are masked (`/health?api_key=***`). */
  pathTemplate: string;
  /** Default headers merged with the scenario's, names lower-cased, values substituted; each
   * one undici accepts. */
  headers: Record<string, string>;
  /** Serialized request body (JSON bodies already stringified, content-type header set). */
  body?: string;
  category?: string;
  expect: Expectation;
  /** Total deadline of one request, from when it is written to the end of the last body
   * (redirects included). */
  timeoutMs: number;
  /** Redirect hops followed (0..50; 0: a 3xx is the answer). The scenario's, else the
   * profile's, else 10. */
  maxRedirects: number;
}

/** HTTP version spoken to the target: `http2` is negotiated by ALPN, so it needs https. */
export type HttpProtocol = 'http1' | 'http2';

/** TLS settings for https targets. */
export interface TlsSettings {
  /** False accepts any certificate (the run warns once). Default true. */
  rejectUnauthorized: boolean;
  /** `tls.ca` as written: a PEM file's path, relative to the profile file. */
  caPath?: string;
  /** The PEM text of `caPath`, read once before any load (by the app, `loadProfile`). */
  ca?: string;
}

export interface Profile {
  name: string;
  /** `http1` or `http2` (https targets only); `parseProfile` always sets it, absent means http1
   * (profiles built by hand in tests and benches). */
  protocol?: HttpProtocol;
  /** Streams per HTTP/2 connection (1..1000, default 100); set only with `http2`. */
  maxConcurrentStreams?: number;
  /** Set when the profile has a `tls` section. */
  tls?: TlsSettings;
  /** Origin (and optional base path) requests go to, `${VAR}`s substituted; no trailing slash.
   * Never holds credentials: those become each scenario's Basic `authorization` header. */
  baseUrl: string;
  scenarios: Scenario[];
  load: LoadSettings;
  /** Seed for the weighted scenario draw and think times, so a run's mix is reproducible. */
  seed: number;
  /** Values to mask in all output and never write out: those substituted from the environment
   * (outside `baseUrl`), the target's query values and URL credentials (user:password, the
   * password, the Basic token); values shorter than `MIN_MASKED_SECRET_LENGTH` are left out,
   * with a warning naming them. */
  secretValues: string[];
  /** Pass/fail rules from `thresholds` and `regressions` (`defaultRules` when neither is written),
   * always with the run-health guards. */
  rules: Rules;
  /** The profile's `layer`, when written; the run's layer is resolved later (input > profile >
   * event: `resolveRunLabels`). */
  layer?: Layer;
  /** The profile's `interval`, when written (`hourly`, `daily`, `weekly` or a slug). */
  interval?: string;
  /** The exported metrics' `environment` label: `--environment` (or the action input), else the
   * profile's; `METRIC_LABEL_PATTERN`. */
  environment?: string;
  /** The exported metrics' `client` label: `--client` (or the action input), else the profile's. */
  client?: string;
  /** Set when a run kept only some scenarios (`--category`, `--scenario`: `selectScenarios`). */
  selection?: AppliedSelection;
}

/**
 * What `--category` / `--scenario` (or the action's `category` / `scenario` inputs) kept: a
 * scenario runs when its name is among `scenarios` or its category among `categories`. The
 * results file records it, so a report can say which rules were not evaluated, and why.
 */
export interface AppliedSelection {
  /** Categories asked for, as given (each once). */
  categories: string[];
  /** Scenario names asked for, as given (each once). */
  scenarios: string[];
  /** The profile's scenarios that did not run, in profile order. */
  leftOut: string[];
}
