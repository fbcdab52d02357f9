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
  /** `timelineResolution`: width in seconds (1, 10 or 60) of the timeline points between the
   * first and the last 10 minutes; absent: chosen by the run's length
   * (`chooseTimelineResolutionSec`). */
  timelineResolutionSec?: number;
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
  /** Set when the path, a header or the body holds `${…}` values filled per request
   * (`${random.int(1, 9)}`, `${data.products.id}`, `${vars.cartId}`, …): value-template.ts.
   * `path`, `headers` and `body` above then hold the text as written (env values substituted),
   * for reports; the engine renders these templates instead. */
  dynamic?: DynamicRequest;
  /** Set on a journey's step (`Journey.steps`): the journey's name. Such a scenario is never
   * drawn from the mix on its own; its name is `<journey>/<step>`. */
  journey?: string;
  /** Set on a measured setup request's row (`setup.measure: true`); never drawn from the mix. */
  setup?: true;
}

// --- Per-request values: `${…}` references filled when a request is sent (value-template.ts) ---

/** One `${…}` filled per request, never from the environment. */
export type ValueReference =
  /** A whole number drawn uniformly from [min, max], both included. */
  | { kind: 'random.int'; min: number; max: number }
  /** A version-4 UUID drawn from the run's seeded random source. */
  | { kind: 'random.uuid' }
  /** One of the choices, drawn uniformly. */
  | { kind: 'random.pick'; choices: string[] }
  /** The run's counter: 1, 2, 3 … one per journey iteration (per request for a plain scenario). */
  | { kind: 'seq' }
  /** Closed model only: the virtual user's number, from 1. */
  | { kind: 'vu' }
  /** Closed model only: the virtual user's iteration, from 0. */
  | { kind: 'iteration' }
  /** A column of the row drawn from a data source for this iteration; `column` undefined: the
   * source's only column (text files, JSON arrays of scalars). */
  | { kind: 'data'; source: string; column?: string }
  /** A value extracted by a setup request (`setup.requests[].extract`). */
  | { kind: 'setup'; name: string }
  /** A value extracted by an earlier step of the same journey. */
  | { kind: 'vars'; name: string };

/** Text with per-request values: literal strings and references, in order. */
export interface TextTemplate {
  kind: 'text';
  parts: (string | ValueReference)[];
}

/**
 * A `json:` body with per-request values, as JSON text pieces and slots. A JSON string that is
 * exactly one reference (`"${random.int(1, 9)}"`) keeps the value's own type (a number for
 * random.int, seq, vu, iteration; a JSON data file's own scalar; a string otherwise); a string
 * mixing text and references is rendered and JSON-escaped.
 */
export interface JsonTemplate {
  kind: 'json';
  parts: (string | JsonValueSlot)[];
}

export type JsonValueSlot =
  | { kind: 'whole'; reference: ValueReference }
  | { kind: 'string'; template: TextTemplate };

/** The parts of a request filled per request; what is absent is sent as written. */
export interface DynamicRequest {
  path?: TextTemplate;
  /** Header name (lower-case) → template; headers not listed come from `Scenario.headers`. */
  headers?: Record<string, TextTemplate>;
  body?: TextTemplate | JsonTemplate;
}

// --- Data files (`data:`): read once before the clock starts ---

/** Order rows are drawn in; each journey iteration (or plain request) draws one row per source
 * it uses, and every reference to the source in that iteration reads the same row. */
export type DataOrder = 'random' | 'sequential' | 'unique';

/** A data file's rows, held compactly (a million rows must not cost a million objects). */
export interface DataTable {
  /** Column names: the CSV header, a JSON array's object keys, or `value` (text files, JSON
   * arrays of scalars). */
  columns: string[];
  rowCount: number;
  /** The value at (row, column index): CSV and text give strings; JSON gives its own scalars
   * (nested objects and arrays as JSON text; a missing key as null). */
  value(row: number, column: number): string | number | boolean | null;
  /** Approximate bytes held (text plus index), for the run's notes and the memory bench. */
  sizeBytes: number;
  /** CSV and text tables: the 1-based file line a row starts on (blank lines and line breaks
   * inside quoted fields counted), for messages; scans the text up to the row. */
  lineOf?(row: number): number;
}

export interface DataSource {
  /** Its key under `data:`, used as `${data.<name>.<column>}`. */
  name: string;
  /** As written, relative to the profile file. */
  file: string;
  format: 'csv' | 'json' | 'text';
  order: DataOrder;
  /** `unique` only: what happens once every row was used. `stop` ends the run (status aborted,
   * the reason says so); `wrap` starts over from the first row, with a warning. */
  onExhausted: 'stop' | 'wrap';
  /** Columns whose values are secrets (masked wherever they could be printed). */
  secretColumns: string[];
  /** `secret: true`: every column is secret; the columns are known once the file is read, so
   * the app (`loadProfile`) sets `secretColumns` to all of them then. */
  allColumnsSecret?: true;
  /** Filled by the app (`loadProfile`) after reading the file, before any load. */
  table?: DataTable;
}

// --- Extraction: values taken from a response for later requests ---

/** Where a value is taken from a response; `written` is the spec as written, for messages. */
export type ExtractSpec =
  /** A JSON body at `path` (`json.$.cart.id`, `json.$.items[0].id`): keys and array indexes. */
  | { name: string; from: 'json'; path: (string | number)[]; written: string }
  /** A response header (`header.location`), name lower-cased; the first value if repeated. */
  | { name: string; from: 'header'; header: string; written: string }
  /** A regular expression on the body (`regex.token=(\w+)`): the first capture group, else the
   * whole match. */
  | { name: string; from: 'regex'; pattern: string; written: string };

// --- Journeys and setup ---

export interface JourneyStep {
  /** Index of the step's request in `Profile.scenarios` (its row in every report). */
  scenario: number;
  /** Pause after this step, before the next one, uniform in [minMs, maxMs]; 0..0 for none.
   * After the last step the closed model's `load.thinkTime` applies as for any iteration. */
  thinkMs: { minMs: number; maxMs: number };
  /** A failed step (wrong answer, transport error, extract_failed) ends the journey unless set. */
  continueOnFailure: boolean;
  /** Values taken from this step's response, as `${vars.<name>}` for later steps. */
  extract: ExtractSpec[];
}

/**
 * A scenario written with `steps:`: one virtual user (closed model) or one arrival (open model)
 * runs its steps in order. Each step is timed from its own intended start (the arrival for the
 * first, the previous step's end plus think for the others); the journey's duration runs from
 * its intended start to the end of its last step, think times included.
 */
export interface Journey {
  name: string;
  /** Relative weight in the mix, against plain scenarios and other journeys; > 0. */
  weight: number;
  category?: string;
  steps: JourneyStep[];
}

/** A setup request: run before the clock starts (once, or once per virtual user). */
export interface SetupRequest {
  /** name, method, path, headers, body, expect, timeout as for any scenario; per-request
   * values may use data, random, vu and earlier setup values. */
  scenario: Scenario;
  /** Values for `${setup.<name>}`; always masked as secrets. */
  extract: ExtractSpec[];
  /** With `measure`: index of its row (`setup/<name>`) in `Profile.scenarios`. */
  row?: number;
}

export interface SetupSettings {
  requests: SetupRequest[];
  /** Run the setup once per virtual user as it starts (Locust's on_start); closed model only. */
  perVu: boolean;
  /** Record setup requests as their own rows (`setup/<name>`); default false: outside every
   * figure. */
  measure: boolean;
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
  /** Scenarios written with `steps:`; their steps are rows of `scenarios` (`Scenario.journey`). */
  journeys?: Journey[];
  /** `data:` sources, in the order written. */
  data?: DataSource[];
  /** `setup:` requests run before the clock starts. */
  setup?: SetupSettings;
  /** Set when this process runs one share of the schedule (`--shard i/N`): arrivals k with
   * k ≡ i−1 (mod N) at the profile's own intended times; VUs split with their sum kept. */
  shard?: { index: number; count: number };
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
