/**
 * Builds profiles with journeys, per-request values, data and setup by hand, as the parser
 * would (the step rows flattened into `scenarios`, templates compiled into `Scenario.dynamic`),
 * for engine tests that must not depend on the YAML side.
 */
import { parseExtractSpec } from '../../src/core/profile/extract-spec.js';
import type {
  DataSource,
  DataTable,
  ExtractSpec,
  HttpMethod,
  Journey,
  LoadPlan,
  LoadSettings,
  Profile,
  Scenario,
  SetupSettings,
} from '../../src/core/profile/types.js';
import {
  compileJsonTemplate,
  isStaticTemplate,
  parseTextTemplate,
} from '../../src/core/profile/value-template.js';
import { makeProfile } from './make-profile.js';

export interface RequestSpec {
  name: string;
  method?: HttpMethod;
  /** May hold `${…}` per-request references. */
  path: string;
  headers?: Record<string, string>;
  json?: unknown;
  expect?: number[];
  timeoutMs?: number;
}

/** A scenario as the parser builds it, with `dynamic` set when a part holds references. */
export function makeRequestScenario(spec: RequestSpec, extra: Partial<Scenario> = {}): Scenario {
  const headers: Record<string, string> = { ...(spec.headers ?? {}) };
  const dynamic: NonNullable<Scenario['dynamic']> = {};
  const path = parseTextTemplate(spec.path).template;
  if (!isStaticTemplate(path)) dynamic.path = path;
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    const template = parseTextTemplate(value).template;
    if (!isStaticTemplate(template)) {
      dynamic.headers ??= {};
      dynamic.headers[name] = template;
    }
  }
  let body: string | undefined;
  if (spec.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(spec.json);
    const template = compileJsonTemplate(spec.json).template;
    if (!isStaticTemplate(template)) dynamic.body = template;
  }
  return {
    name: spec.name,
    weight: 1,
    method: spec.method ?? 'GET',
    path: spec.path,
    pathTemplate: spec.path,
    headers,
    ...(body === undefined ? {} : { body }),
    expect: { status: spec.expect ?? [200] },
    timeoutMs: spec.timeoutMs ?? 5000,
    maxRedirects: 0,
    ...(Object.keys(dynamic).length > 0 ? { dynamic } : {}),
    ...extra,
  };
}

export function makeExtract(specs: Record<string, string>): ExtractSpec[] {
  return Object.entries(specs).map(([name, written]) => {
    const parsed = parseExtractSpec(name, written);
    if ('message' in parsed) throw new Error(parsed.message);
    return parsed.spec;
  });
}

export interface StepSpec extends RequestSpec {
  thinkMs?: number | { minMs: number; maxMs: number };
  continueOnFailure?: boolean;
  extract?: Record<string, string>;
}

export interface JourneySpec {
  name: string;
  weight?: number;
  steps: StepSpec[];
}

export interface JourneyProfileSpec {
  plan: LoadPlan;
  load?: Partial<Omit<LoadSettings, 'plan'>>;
  plain?: RequestSpec[];
  journeys?: JourneySpec[];
  data?: DataSource[];
  setup?: {
    perVu?: boolean;
    measure?: boolean;
    requests: (RequestSpec & { extract?: Record<string, string> })[];
  };
  secretValues?: string[];
  seed?: number;
}

/** Plain scenarios first, then each journey's steps as rows `<journey>/<step>`, then measured
 * setup rows, as the parser lays them out. */
export function makeJourneyProfile(baseUrl: string, spec: JourneyProfileSpec): Profile {
  const scenarios: Scenario[] = (spec.plain ?? []).map((s) => makeRequestScenario(s));
  const journeys: Journey[] = (spec.journeys ?? []).map((journey) => {
    const weight = journey.weight ?? 1;
    const steps = journey.steps.map((step) => {
      scenarios.push(
        makeRequestScenario(
          { ...step, name: `${journey.name}/${step.name}` },
          { weight, journey: journey.name },
        ),
      );
      const think = step.thinkMs ?? 0;
      return {
        scenario: scenarios.length - 1,
        thinkMs: typeof think === 'number' ? { minMs: think, maxMs: think } : think,
        continueOnFailure: step.continueOnFailure ?? false,
        extract: makeExtract(step.extract ?? {}),
      };
    });
    return { name: journey.name, weight, steps };
  });
  let setup: SetupSettings | undefined;
  if (spec.setup) {
    const measure = spec.setup.measure ?? false;
    setup = {
      perVu: spec.setup.perVu ?? false,
      measure,
      requests: spec.setup.requests.map((request) => {
        const scenario = makeRequestScenario(
          { ...request, name: `setup/${request.name}` },
          {
            setup: true,
          },
        );
        let row: number | undefined;
        if (measure) {
          scenarios.push(scenario);
          row = scenarios.length - 1;
        }
        return {
          scenario,
          extract: makeExtract(request.extract ?? {}),
          ...(row === undefined ? {} : { row }),
        };
      }),
    };
  }
  const profile = makeProfile(baseUrl, spec.plan, spec.load ?? {}, scenarios);
  return {
    ...profile,
    seed: spec.seed ?? 1,
    secretValues: spec.secretValues ?? [],
    ...(journeys.length > 0 ? { journeys } : {}),
    ...(spec.data ? { data: spec.data } : {}),
    ...(setup ? { setup } : {}),
  };
}

/** A data source over rows given in the test (string cells). */
export function makeDataSource(
  name: string,
  columns: string[],
  rows: string[][],
  extra: Partial<DataSource> = {},
): DataSource {
  const table: DataTable = {
    columns,
    rowCount: rows.length,
    value: (row, column) => rows[row]?.[column] ?? null,
    sizeBytes: 0,
  };
  return {
    name,
    file: `${name}.csv`,
    format: 'csv',
    order: 'random',
    onExhausted: 'stop',
    secretColumns: [],
    table,
    ...extra,
  };
}
