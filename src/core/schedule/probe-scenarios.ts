/**
 * What a heartbeat probes: single requests. A journey's step needs the steps before it (their
 * extracted values) and a setup request belongs to the load run, so the heartbeat leaves both
 * out, and with them any scenario that uses `${setup.…}` values (the heartbeat runs no setup).
 */
import type { InputIssue } from '../input/format-issues.js';
import type {
  DynamicRequest,
  JsonTemplate,
  Profile,
  Scenario,
  TextTemplate,
  ValueReference,
} from '../profile/types.js';

export interface ProbeScenarios {
  /** The profile with only the scenarios to probe; no journeys and no setup. */
  profile: Profile;
  /** One line per kind of scenario left out, for the heartbeat's start; empty when none was. */
  notes: string[];
}

function referencesOf(template: TextTemplate | JsonTemplate): ValueReference[] {
  if (template.kind === 'text') {
    return template.parts.filter((p): p is ValueReference => typeof p !== 'string');
  }
  return template.parts.flatMap((p) =>
    typeof p === 'string' ? [] : p.kind === 'whole' ? [p.reference] : referencesOf(p.template),
  );
}

function templatesOf(dynamic: DynamicRequest): (TextTemplate | JsonTemplate)[] {
  return [
    ...(dynamic.path ? [dynamic.path] : []),
    ...Object.values(dynamic.headers ?? {}),
    ...(dynamic.body ? [dynamic.body] : []),
  ];
}

/** True when the scenario sends a value only a setup request gives (`${setup.token}`). */
export function usesSetupValues(scenario: Pick<Scenario, 'dynamic'>): boolean {
  const dynamic = scenario.dynamic;
  if (dynamic === undefined) return false;
  return templatesOf(dynamic).some((t) => referencesOf(t).some((r) => r.kind === 'setup'));
}

function quoteList(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((n) => JSON.stringify(n));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/**
 * The scenarios a heartbeat probes: the plain ones (not a journey's step, not a measured setup
 * request, not using setup values), in profile order. Notes say what was left out and why;
 * `issue` is set when nothing is left to probe.
 */
export function selectProbeScenarios(profile: Profile): ProbeScenarios & { issue?: InputIssue } {
  const { journeys: _, setup: __, ...rest } = profile;
  const needsSetup = profile.scenarios.filter(
    (s) => s.journey === undefined && s.setup !== true && usesSetupValues(s),
  );
  const kept = profile.scenarios.filter(
    (s) => s.journey === undefined && s.setup !== true && !usesSetupValues(s),
  );
  const notes: string[] = [];
  const journeys = profile.journeys ?? [];
  if (journeys.length > 0) {
    notes.push(
      `heartbeat: journeys are not probed (a probe is one request; a step needs the steps before it): ${quoteList(journeys.map((j) => j.name))}`,
    );
  }
  if (profile.setup !== undefined) {
    notes.push(
      needsSetup.length > 0
        ? `heartbeat: the setup is not run, so scenarios that use its values are not probed: ${quoteList(needsSetup.map((s) => s.name))}`
        : 'heartbeat: the setup is not run (probes send no log-in)',
    );
  }
  const issue: InputIssue | undefined =
    kept.length === 0
      ? {
          path: 'scenarios',
          message:
            'has nothing a heartbeat can probe: every scenario is a journey or uses setup values; add a plain scenario (one request that needs no setup value)',
        }
      : undefined;
  return { profile: { ...rest, scenarios: kept }, notes, ...(issue ? { issue } : {}) };
}
