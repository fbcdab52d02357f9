/**
 * Compiles the per-request values (`${seq}`, `${data.products.id}`, `${vars.cartId}`, …) of every
 * request in a profile, once, and checks that each is known where it is used: a declared data
 * source, a value an earlier step or setup request extracts, a virtual user in the closed model.
 * Runs on the document after `${VAR}` substitution and, like it, tolerates any shape (the schema
 * reports wrong types), so these problems are listed together with every other one.
 */
import type { InputIssue } from '../input/format-issues.js';
import { listNames } from '../input/format-units.js';
import { childPath } from '../input/issue-text.js';
import { isRecord } from '../input/schema-fields.js';
import { quoteForTerminal } from '../input/terminal-text.js';
import { formatDidYouMean } from '../input/unknown-keys.js';
import type { describeLoadModel } from './overrides.js';
import type { DynamicRequest, JsonTemplate, TextTemplate, ValueReference } from './types.js';
import {
  compileJsonTemplate,
  describeReference,
  isStaticTemplate,
  listTemplateReferences,
  parseTextTemplate,
} from './value-template.js';

/** What the load section says about virtual users, read leniently (`describeLoadModel`). */
export type LoadModelHint = ReturnType<typeof describeLoadModel>;

/** Templates of every request with at least one per-request value, and the problems found. */
export interface CompiledTemplates {
  /** By where the request is written: `scenarios[0]`, `scenarios[1].steps[2]`,
   * `setup.requests[0]`. Requests sent as written are absent. */
  requests: ReadonlyMap<string, DynamicRequest>;
  /** Profile-level `headers` with per-request values, by lower-cased name; merged into every
   * request that does not set the header itself (a setup request that runs before the value
   * a header uses is extracted goes without that header: build-scenarios.ts). */
  headers: Readonly<Record<string, TextTemplate>>;
  issues: InputIssue[];
}

/** Where a request sits, which decides the values it may use. */
type Scope =
  | { kind: 'scenario' }
  | { kind: 'step'; journey: string; index: number; earlier: readonly string[] }
  | { kind: 'setup'; index: number; earlier: readonly string[] }
  /** Profile-level headers: sent with every request. */
  | { kind: 'headers' };

/** What the whole profile declares, for the scope checks. */
interface Declared {
  /** `undefined`: no `data:` section. */
  dataNames: readonly string[] | undefined;
  /** `undefined`: no `setup:` section. */
  setupNames: readonly string[] | undefined;
  perVu: boolean;
  model: LoadModelHint;
}

/** `extract` keys of a request as written, in order. */
function listExtractNames(request: unknown): string[] {
  return isRecord(request) && isRecord(request.extract) ? Object.keys(request.extract) : [];
}

function quoteList(names: readonly string[]): string {
  return listNames(names, quoteForTerminal);
}

function describeEarlier(names: readonly string[], none: string): string {
  return names.length === 0 ? none : `extract: ${[...new Set(names)].join(', ')}`;
}

const CLOSED_EXECUTORS = 'constant-vus, ramping-vus';

function checkModel(reference: ValueReference, declared: Declared): string | undefined {
  if (declared.model?.model !== 'arrival') return undefined;
  return `${describeReference(reference)} is only known in the closed model (${CLOSED_EXECUTORS}): arrivals of ${declared.model.executor} have no virtual user`;
}

function checkData(
  source: string,
  reference: ValueReference,
  declared: Declared,
): string | undefined {
  const names = declared.dataNames;
  if (names?.includes(source)) return undefined;
  const declaredText =
    names === undefined || names.length === 0
      ? 'the profile has no data: section'
      : `data: declares ${quoteList(names)}`;
  return `${describeReference(reference)}: no data source is named ${quoteForTerminal(source)}${formatDidYouMean(source, names ?? [])}; ${declaredText}`;
}

function checkSetupValue(
  name: string,
  reference: ValueReference,
  scope: Scope,
  declared: Declared,
): string | undefined {
  const written = describeReference(reference);
  if (scope.kind === 'setup') {
    if (scope.earlier.includes(name)) return undefined;
    const earlier =
      scope.index === 0
        ? 'it is the first setup request'
        : `earlier setup requests ${describeEarlier(scope.earlier, 'extract nothing')}`;
    return `${written} is not extracted by an earlier setup request (${earlier})`;
  }
  const names = declared.setupNames;
  if (names?.includes(name)) return undefined;
  const known =
    names === undefined
      ? 'the profile has no setup: section'
      : `setup requests ${describeEarlier(names, 'extract nothing')}`;
  return `${written} is not extracted by any setup request (${known})`;
}

function checkVars(name: string, reference: ValueReference, scope: Scope): string | undefined {
  const written = describeReference(reference);
  if (scope.kind !== 'step') {
    const where =
      scope.kind === 'setup'
        ? `a setup request runs before any journey: use \${setup.NAME}`
        : scope.kind === 'headers'
          ? "profile-level headers go with every request: set it in the steps' headers"
          : 'a plain scenario has no earlier step: write the requests as steps of a journey';
    return `${written} is a value extracted by an earlier step of a journey; ${where}`;
  }
  if (scope.earlier.includes(name)) return undefined;
  const earlier =
    scope.index === 0
      ? 'it is the first step'
      : `earlier steps ${describeEarlier(scope.earlier, 'extract nothing')}`;
  return `${written} is not extracted by an earlier step of journey ${quoteForTerminal(scope.journey)} (${earlier})`;
}

/** Why `reference` cannot be used in `scope`, or `undefined` when it can. */
function checkReference(
  reference: ValueReference,
  scope: Scope,
  declared: Declared,
): string | undefined {
  switch (reference.kind) {
    case 'vu':
    case 'iteration':
      if (scope.kind === 'setup' && reference.kind === 'iteration') {
        return `${describeReference(reference)} is not known in setup: setup runs before the first iteration`;
      }
      if (scope.kind === 'setup' && !declared.perVu) {
        return `${describeReference(reference)} is not known in setup without perVu: true (setup runs once, before any virtual user starts)`;
      }
      if (
        scope.kind === 'headers' &&
        declared.setupNames !== undefined &&
        (reference.kind === 'iteration' || !declared.perVu)
      ) {
        return `${describeReference(reference)} is not known in setup, and profile-level headers go with setup requests too: set it in the scenarios' and steps' headers`;
      }
      return checkModel(reference, declared);
    case 'data':
      return checkData(reference.source, reference, declared);
    case 'setup':
      return checkSetupValue(reference.name, reference, scope, declared);
    case 'vars':
      return checkVars(reference.name, reference, scope);
    default:
      return undefined;
  }
}

/** Per-request values of one request, as `DynamicRequest` parts, with their problems. */
class TemplateCompiler {
  readonly issues: InputIssue[] = [];

  constructor(private readonly declared: Declared) {}

  /** Compiles one string; `undefined` when it has no per-request value. */
  text(value: unknown, path: string, scope: Scope): TextTemplate | undefined {
    if (typeof value !== 'string') return undefined;
    const { template, issues } = parseTextTemplate(value);
    for (const message of issues) this.issues.push({ path, message });
    return this.checked(template, path, scope);
  }

  json(value: unknown, path: string, scope: Scope): JsonTemplate | undefined {
    const { template, issues } = compileJsonTemplate(value);
    for (const issue of issues) {
      this.issues.push({
        path: issue.path.reduce<string>(childPath, path),
        message: issue.message,
      });
    }
    if (isStaticTemplate(template)) return undefined;
    // Scope problems are named at the string that holds the reference (`json.items[0].id`).
    const walk = (node: unknown, at: string): void => {
      if (typeof node === 'string') {
        this.report(parseTextTemplate(node).template, at, scope);
        return;
      }
      const children: [string | number, unknown][] = Array.isArray(node)
        ? node.map((item, index) => [index, item])
        : isRecord(node)
          ? Object.entries(node)
          : [];
      for (const [key, item] of children) walk(item, childPath(at, key));
    };
    walk(value, path);
    return template;
  }

  headers(value: unknown, path: string, scope: Scope): Record<string, TextTemplate> | undefined {
    if (!isRecord(value)) return undefined;
    const templates: Record<string, TextTemplate> = {};
    for (const [name, text] of Object.entries(value)) {
      const template = this.text(text, childPath(path, name), scope);
      if (template !== undefined) templates[name.toLowerCase()] = template;
    }
    return Object.keys(templates).length === 0 ? undefined : templates;
  }

  request(request: unknown, path: string, scope: Scope): DynamicRequest | undefined {
    if (!isRecord(request)) return undefined;
    const dynamic: DynamicRequest = {};
    const pathTemplate = this.text(request.path, childPath(path, 'path'), scope);
    if (pathTemplate !== undefined) dynamic.path = pathTemplate;
    const headers = this.headers(request.headers, childPath(path, 'headers'), scope);
    if (headers !== undefined) dynamic.headers = headers;
    const body =
      request.json !== undefined
        ? this.json(request.json, childPath(path, 'json'), scope)
        : this.text(request.body, childPath(path, 'body'), scope);
    if (body !== undefined) dynamic.body = body;
    return Object.keys(dynamic).length === 0 ? undefined : dynamic;
  }

  /** The template when it has per-request values (each checked), else `undefined`. */
  private checked(template: TextTemplate, path: string, scope: Scope): TextTemplate | undefined {
    if (isStaticTemplate(template)) return undefined;
    this.report(template, path, scope);
    return template;
  }

  /** Reports each reference the scope does not know, once per field. */
  private report(template: TextTemplate, path: string, scope: Scope): void {
    const reported = new Set<string>();
    for (const reference of listTemplateReferences(template)) {
      const message = checkReference(reference, scope, this.declared);
      if (message === undefined || reported.has(message)) continue;
      reported.add(message);
      this.issues.push({ path, message });
    }
  }
}

/**
 * Compiles every request's per-request values (paths, header values, `body`, strings in `json`
 * of scenarios, journey steps and setup requests, and profile-level `headers`) and checks their
 * scope: `${data.X…}` needs `data: { X: … }`; `${setup.X}` a setup request extracting X (in
 * setup, an earlier one); `${vars.X}` an earlier step of the same journey extracting X;
 * `${vu}` and `${iteration}` the closed model (in setup: `perVu: true`, and never iteration).
 * `setup.perVu: true` itself needs the closed model. Columns of data sources are checked once
 * the files are read (`checkDataReferences`).
 * @param document the profile after `${VAR}` substitution, any shape.
 * @param model what `load` says about virtual users; `undefined` (unreadable) skips those checks.
 */
export function compileProfileTemplates(
  document: unknown,
  model: LoadModelHint,
): CompiledTemplates {
  const doc = isRecord(document) ? document : {};
  const setup = isRecord(doc.setup) ? doc.setup : undefined;
  const setupRequests: unknown[] =
    setup !== undefined && Array.isArray(setup.requests) ? setup.requests : [];
  const setupExtracts = setupRequests.map(listExtractNames);
  const declared: Declared = {
    dataNames: isRecord(doc.data) ? Object.keys(doc.data) : undefined,
    setupNames: setup === undefined ? undefined : setupExtracts.flat(),
    perVu: setup?.perVu === true,
    model,
  };
  const compiler = new TemplateCompiler(declared);
  const requests = new Map<string, DynamicRequest>();
  const add = (request: unknown, path: string, scope: Scope) => {
    const dynamic = compiler.request(request, path, scope);
    if (dynamic !== undefined) requests.set(path, dynamic);
  };

  if (declared.perVu && model?.model === 'arrival') {
    compiler.issues.push({
      path: 'setup.perVu',
      message: `expected false with ${model.executor}: perVu runs the setup once per virtual user, and arrivals of the open model have none (use ${CLOSED_EXECUTORS}, or run the setup once)`,
    });
  }
  const headers = compiler.headers(doc.headers, 'headers', { kind: 'headers' }) ?? {};
  const scenarios: unknown[] = Array.isArray(doc.scenarios) ? doc.scenarios : [];
  scenarios.forEach((scenario, index) => {
    const path = childPath('scenarios', index);
    if (!isRecord(scenario) || !Array.isArray(scenario.steps)) {
      add(scenario, path, { kind: 'scenario' });
      return;
    }
    const journey = typeof scenario.name === 'string' ? scenario.name : `scenarios[${index}]`;
    const earlier: string[] = [];
    scenario.steps.forEach((step, stepIndex) => {
      const stepPath = childPath(childPath(path, 'steps'), stepIndex);
      add(step, stepPath, { kind: 'step', journey, index: stepIndex, earlier: [...earlier] });
      earlier.push(...listExtractNames(step));
    });
  });
  setupRequests.forEach((request, index) => {
    const earlier = setupExtracts.slice(0, index).flat();
    add(request, childPath('setup.requests', index), { kind: 'setup', index, earlier });
  });
  return { requests, headers, issues: compiler.issues };
}
