/**
 * From validated raw scenarios, journeys and setup requests to the engine's rows
 * (`Profile.scenarios`), `Journey`s and `SetupSettings`: defaults, headers, bodies, units, and
 * the per-request templates compiled by compile-templates.ts.
 */
import type { InputIssue } from '../input/format-issues.js';
import { childPath, describeValue } from '../input/issue-text.js';
import { isRecord } from '../input/schema-fields.js';
import { quoteForTerminal } from '../input/terminal-text.js';
import { readValidatedMs } from '../input/value-checks.js';
import type { CompiledTemplates } from './compile-templates.js';
import { parseExtractSpec } from './extract-spec.js';
import type { RawStep } from './journey-schema.js';
import { readThinkTime } from './load-schema.js';
import { MAX_REDIRECTS } from './scenario-schema.js';
import type { RawProfile } from './schema.js';
import type { RawSetup } from './setup-schema.js';
import { expandStatusSpec } from './status-schema.js';
import type {
  DynamicRequest,
  Expectation,
  ExtractSpec,
  HttpMethod,
  Journey,
  Scenario,
  SetupSettings,
  TextTemplate,
} from './types.js';
import { listTemplateReferences } from './value-template.js';

/** k6's default: anything that is not an error answer. */
const DEFAULT_STATUS_CODES = Array.from({ length: 200 }, (_, offset) => 200 + offset);

/** The fields every request has, whether a scenario, a step or a setup request. */
type RawRequest = Omit<RawStep, 'name' | 'think' | 'continueOnFailure' | 'extract'>;

/** One request as built, with where it was written (`scenarios[1].steps[0]`). */
export interface PlacedRequest {
  scenario: Scenario;
  path: string;
}

/** Every request of the profile, built. */
export interface BuiltRequests {
  /** Rows in the order written: plain scenarios and journey steps, then measured setup rows. */
  scenarios: Scenario[];
  journeys: Journey[];
  setup?: SetupSettings;
  /** Every request once (rows and unmeasured setup requests), with where it was written. */
  placed: PlacedRequest[];
}

/** Shared by every request: the profile-level defaults. */
interface RequestDefaults {
  headers: Record<string, string>;
  headerTemplates: Readonly<Record<string, TextTemplate>>;
  timeoutMs: number;
  maxRedirects: number;
}

function lowerCaseNames(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function buildExpectation(expect: RawRequest['expect']): Expectation {
  const status =
    expect?.status === undefined ? DEFAULT_STATUS_CODES : expandStatusSpec(expect.status);
  return expect?.body === undefined ? { status } : { status, bodyIncludes: expect.body };
}

/** The request's own templates plus the profile-level header templates it does not override. */
function mergeDynamic(
  own: DynamicRequest | undefined,
  ownHeaders: Record<string, string>,
  defaults: RequestDefaults,
): DynamicRequest | undefined {
  const inherited = Object.entries(defaults.headerTemplates).filter(
    ([name]) => !(name in ownHeaders),
  );
  if (inherited.length === 0) return own;
  return { ...own, headers: { ...Object.fromEntries(inherited), ...own?.headers } };
}

/** One request: name, weight and category are the row's (a step's come from its journey). */
function buildRequest(
  written: RawRequest,
  resolved: RawRequest,
  row: Pick<Scenario, 'name' | 'weight' | 'category'>,
  dynamic: DynamicRequest | undefined,
  defaults: RequestDefaults,
): Scenario {
  const ownHeaders = lowerCaseNames(resolved.headers);
  const headers = { ...defaults.headers, ...ownHeaders };
  let body = resolved.body;
  if (resolved.json !== undefined) {
    body = JSON.stringify(resolved.json);
    headers['content-type'] ??= 'application/json';
  }
  const merged = mergeDynamic(dynamic, ownHeaders, defaults);
  return {
    name: row.name,
    weight: row.weight,
    method: (resolved.method ?? 'GET').toUpperCase() as HttpMethod,
    path: resolved.path,
    pathTemplate: written.path,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(row.category === undefined ? {} : { category: row.category }),
    expect: buildExpectation(resolved.expect),
    timeoutMs:
      resolved.timeout === undefined ? defaults.timeoutMs : readValidatedMs(resolved.timeout),
    maxRedirects: resolved.maxRedirects ?? defaults.maxRedirects,
    ...(merged === undefined ? {} : { dynamic: merged }),
  };
}

/** Specs of a validated `extract` mapping (the schema already refused bad ones). */
function buildExtractSpecs(extract: Record<string, string> | undefined): ExtractSpec[] {
  return Object.entries(extract ?? {}).flatMap(([name, written]) => {
    const parsed = parseExtractSpec(name, written);
    return 'spec' in parsed ? [parsed.spec] : [];
  });
}

function readStepThinkMs(think: RawStep['think']): Journey['steps'][number]['thinkMs'] {
  const read = think === undefined ? undefined : readThinkTime(think);
  return read?.ok ? read.value : { minMs: 0, maxMs: 0 };
}

/**
 * Profile-level header defaults for setup request `index`: a header whose template uses a
 * setup value no earlier setup request extracts is left out (the request that logs in cannot
 * send the token it is about to receive); on later requests it is sent.
 */
function setupDefaults(defaults: RequestDefaults, earlier: ReadonlySet<string>): RequestDefaults {
  const unknown = Object.entries(defaults.headerTemplates)
    .filter(([, template]) =>
      listTemplateReferences(template).some(
        (reference) => reference.kind === 'setup' && !earlier.has(reference.name),
      ),
    )
    .map(([name]) => name);
  if (unknown.length === 0) return defaults;
  const without = <T>(record: Readonly<Record<string, T>>) =>
    Object.fromEntries(Object.entries(record).filter(([name]) => !unknown.includes(name)));
  return {
    ...defaults,
    headers: without(defaults.headers),
    headerTemplates: without(defaults.headerTemplates),
  };
}

function buildSetup(
  written: RawSetup,
  resolved: RawSetup,
  templates: CompiledTemplates,
  defaults: RequestDefaults,
  rows: Scenario[],
  placed: PlacedRequest[],
): SetupSettings {
  const measure = resolved.measure ?? false;
  const extracted = new Set<string>();
  const requests = resolved.requests.map((request, index) => {
    const path = childPath('setup.requests', index);
    const scenario = buildRequest(
      written.requests[index] ?? request,
      request,
      { name: `setup/${request.name}`, weight: 1 },
      templates.requests.get(path),
      setupDefaults(defaults, extracted),
    );
    const extract = buildExtractSpecs(request.extract);
    for (const spec of extract) extracted.add(spec.name);
    placed.push({ scenario, path });
    if (!measure) return { scenario, extract };
    scenario.setup = true;
    rows.push(scenario);
    return { scenario, extract, row: rows.length - 1 };
  });
  return { requests, perVu: resolved.perVu ?? false, measure };
}

/**
 * Builds every request. `written` is the profile as written (for `pathTemplate`), `resolved`
 * the same profile with `${VAR}`s substituted; both already passed `rawProfileSchema`.
 * Header names are lower-cased, a request's own headers win over the profile's; so does its
 * `maxRedirects` (default: the profile's, else 10). A journey's steps become rows named
 * `<journey>/<step>` with the journey's weight and category, in the order written; measured
 * setup requests become rows `setup/<name>` after every other row.
 */
export function buildRequests(
  written: RawProfile,
  resolved: RawProfile,
  templates: CompiledTemplates,
  defaultTimeoutMs: number,
): BuiltRequests {
  const defaults: RequestDefaults = {
    headers: lowerCaseNames(resolved.headers),
    headerTemplates: templates.headers,
    timeoutMs: defaultTimeoutMs,
    maxRedirects: resolved.maxRedirects ?? MAX_REDIRECTS.default,
  };
  const rows: Scenario[] = [];
  const placed: PlacedRequest[] = [];
  const journeys: Journey[] = [];
  resolved.scenarios.forEach((entry, index) => {
    const writtenEntry = written.scenarios[index] ?? entry;
    const path = childPath('scenarios', index);
    const weight = entry.weight ?? 1;
    const category = entry.category;
    if (entry.steps === undefined) {
      // The schema requires a path without steps.
      const request = { ...entry, path: entry.path ?? '/' };
      const writtenRequest = { ...writtenEntry, path: writtenEntry.path ?? request.path };
      const scenario = buildRequest(
        writtenRequest,
        request,
        { name: entry.name, weight, category },
        templates.requests.get(path),
        defaults,
      );
      rows.push(scenario);
      placed.push({ scenario, path });
      return;
    }
    const steps = entry.steps.map((step, stepIndex) => {
      const stepPath = childPath(childPath(path, 'steps'), stepIndex);
      const scenario = buildRequest(
        writtenEntry.steps?.[stepIndex] ?? step,
        step,
        { name: `${entry.name}/${step.name}`, weight, category },
        templates.requests.get(stepPath),
        defaults,
      );
      scenario.journey = entry.name;
      rows.push(scenario);
      placed.push({ scenario, path: stepPath });
      return {
        scenario: rows.length - 1,
        thinkMs: readStepThinkMs(step.think),
        continueOnFailure: step.continueOnFailure ?? false,
        extract: buildExtractSpecs(step.extract),
      };
    });
    journeys.push({
      name: entry.name,
      weight,
      ...(category === undefined ? {} : { category }),
      steps,
    });
  });
  const setup =
    resolved.setup === undefined || written.setup === undefined
      ? undefined
      : buildSetup(written.setup, resolved.setup, templates, defaults, rows, placed);
  return { scenarios: rows, journeys, ...(setup === undefined ? {} : { setup }), placed };
}

/** A row of the reports as written: its name and where the name is (`scenarios[1].steps[0].name`). */
interface WrittenRow {
  name: string;
  path: string;
  kind: 'scenario' | 'step' | 'setup';
  /** A step's journey: its index among the scenarios and its name. */
  journey?: { index: number; name: string };
}

/**
 * Every row name the profile makes, read leniently from the document as written: plain
 * scenarios, `<journey>/<step>` for each step, and `setup/<name>` for setup requests when
 * `setup.measure` is true. For rules (they may name any row) and the uniqueness check.
 */
export function listWrittenRows(document: unknown): WrittenRow[] {
  const doc = isRecord(document) ? document : {};
  const rows: WrittenRow[] = [];
  const scenarios: unknown[] = Array.isArray(doc.scenarios) ? doc.scenarios : [];
  scenarios.forEach((entry, index) => {
    if (!isRecord(entry) || typeof entry.name !== 'string') return;
    const path = childPath('scenarios', index);
    if (!Array.isArray(entry.steps)) {
      rows.push({ name: entry.name, path: childPath(path, 'name'), kind: 'scenario' });
      return;
    }
    entry.steps.forEach((step, stepIndex) => {
      if (!isRecord(step) || typeof step.name !== 'string') return;
      const stepPath = childPath(childPath(path, 'steps'), stepIndex);
      rows.push({
        name: `${entry.name}/${step.name}`,
        path: childPath(stepPath, 'name'),
        kind: 'step',
        journey: { index, name: entry.name as string },
      });
    });
  });
  const setup = isRecord(doc.setup) ? doc.setup : undefined;
  if (setup?.measure === true && Array.isArray(setup.requests)) {
    setup.requests.forEach((request, index) => {
      if (!isRecord(request) || typeof request.name !== 'string') return;
      rows.push({
        name: `setup/${request.name}`,
        path: `setup.requests[${index}].name`,
        kind: 'setup',
      });
    });
  }
  return rows;
}

/** `scenarios[1].steps[0]` from `scenarios[1].steps[0].name`. */
function ownerOf(namePath: string): string {
  return namePath.slice(0, -'.name'.length);
}

/**
 * Reports row names made twice, at the second: two steps of one journey with the same name,
 * or a row (`shopper/list`, `setup/login`) that has another row's name. Repeated scenario
 * names are the schema's (`checkUniqueNames`); they are not reported again.
 */
export function checkRowNames(document: unknown): InputIssue[] {
  const issues: InputIssue[] = [];
  const first = new Map<string, WrittenRow>();
  for (const row of listWrittenRows(document)) {
    const earlier = first.get(row.name);
    if (earlier === undefined) {
      first.set(row.name, row);
      continue;
    }
    // Two scenarios, two journeys or two setup requests with one name: the schema reports it.
    const sameKind = row.kind === earlier.kind && row.kind !== 'step';
    const sameJourneyName =
      row.journey !== undefined &&
      row.journey.index !== earlier.journey?.index &&
      row.journey.name === earlier.journey?.name;
    if (sameKind || sameJourneyName) continue;
    const message =
      row.journey !== undefined && row.journey.index === earlier.journey?.index
        ? `expected a unique step name in this journey, got ${describeValue(row.name.slice(row.journey.name.length + 1))} again (first at ${ownerOf(earlier.path)})`
        : `expected a unique row name, got ${quoteForTerminal(row.name)}, which is also the name of ${ownerOf(earlier.path)}: every row of the reports needs its own name`;
    issues.push({ path: row.path, message });
  }
  return issues;
}
