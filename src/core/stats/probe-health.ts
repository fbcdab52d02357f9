/** Default of `--fail-after`: consecutive failed probes of one scenario before it counts as down. */
export const DEFAULT_FAIL_AFTER = 3;

/** How one probe changed its scenario's health. */
export interface HealthChange {
  /** Failed probes in a row for the scenario, this one included (0 after a success). */
  consecutiveFailures: number;
  /**
   * `down`: this probe made the streak reach `failAfter` (said once per streak, not on every
   * later failure); `recovered`: a success ended a streak that had reached it.
   */
  transition?: 'down' | 'recovered';
  /** With `recovered`: how many probes in a row had failed before this success. */
  previousFailures?: number;
}

/**
 * Consecutive-failure counting per scenario and the `fail-after` decision. A failure is a
 * probe that got no answer or an answer other than expected (`failed` or `error`); an expected
 * 4xx (`blocked`) is a success: the policy it checks is working. Probes cut short by a stop
 * are never recorded here. State is a few numbers per scenario.
 */
export class ProbeHealth {
  private readonly streaks: number[];
  /** Per scenario: undefined before its first probe, else whether the last one succeeded. */
  private readonly lastSuccess: (boolean | undefined)[];

  /**
   * @param scenarioCount scenarios in the profile.
   * @param failAfter consecutive failures that make a scenario down, ≥ 1.
   */
  constructor(
    scenarioCount: number,
    readonly failAfter: number,
  ) {
    this.streaks = new Array<number>(scenarioCount).fill(0);
    this.lastSuccess = new Array<boolean | undefined>(scenarioCount).fill(undefined);
  }

  /** Records one finished probe of `scenario`. */
  record(scenario: number, success: boolean): HealthChange {
    const before = this.streaks[scenario] ?? 0;
    this.lastSuccess[scenario] = success;
    if (success) {
      this.streaks[scenario] = 0;
      return before >= this.failAfter
        ? { consecutiveFailures: 0, transition: 'recovered', previousFailures: before }
        : { consecutiveFailures: 0 };
    }
    const streak = before + 1;
    this.streaks[scenario] = streak;
    return streak === this.failAfter
      ? { consecutiveFailures: streak, transition: 'down' }
      : { consecutiveFailures: streak };
  }

  /** Failed probes in a row for `scenario` now. */
  consecutiveFailures(scenario: number): number {
    return this.streaks[scenario] ?? 0;
  }

  /** Whether the last probe of `scenario` succeeded; undefined before its first. */
  lastProbeSucceeded(scenario: number): boolean | undefined {
    return this.lastSuccess[scenario];
  }

  /** Whether `scenario` has reached `failAfter` failures in a row and not recovered. */
  isDown(scenario: number): boolean {
    return (this.streaks[scenario] ?? 0) >= this.failAfter;
  }
}
