import { Pool } from 'undici';
import type { Profile } from '../../core/profile/types.js';
import { chooseProbeConnections, ProbeSchedule } from '../../core/schedule/probe-schedule.js';
import type { HeartbeatRecorder } from '../../core/stats/heartbeat-recorder.js';
import { prepareHistograms } from '../../core/stats/histogram.js';
import type { Clock, ProbeEngine, ProbeRunOptions } from '../../ports.js';
import { DeadlineSweeper } from '../engine/deadline-sweeper.js';
import { RequestSender } from '../engine/request-sender.js';
import {
  buildRequestTemplates,
  listLaneTimeoutsMs,
  splitBaseUrl,
} from '../engine/request-templates.js';
import { buildTlsOptions } from '../engine/undici-engine.js';

const CONNECT_TIMEOUT_MS = 5000;
const KEEP_ALIVE_IDLE_MS = 4000;
/** On a stop, probes in flight get this long to finish before they are cut (interrupted). */
export const PROBE_DRAIN_MS = 2000;

/**
 * The heartbeat's probes, sent with the load engine's machinery (request templates, the undici
 * request sender with its redirects, classification and total deadlines): one request per
 * grid slot of `ProbeSchedule`, scenarios in turn, until the signal aborts. Probes do not wait
 * for each other: a hanging target gets the next probe on time (open model), each with its own
 * deadline. The deadline sweeper only runs while a probe is in flight, so an idle heartbeat
 * wakes once per interval, not every few milliseconds.
 */
export class UndiciProbeEngine implements ProbeEngine {
  /** @param makeDeadlines builds the run's deadline sweeper (tests look at it). */
  constructor(
    private readonly clock: Clock,
    private readonly makeDeadlines = (timeoutsMs: number[], nowMs: () => number) =>
      new DeadlineSweeper(timeoutsMs, nowMs),
  ) {}

  async run(profile: Profile, options: ProbeRunOptions): Promise<void> {
    const { recorder, intervalMs, signal } = options;
    const { origin } = splitBaseUrl(profile.baseUrl);
    const connections = chooseProbeConnections(profile.load.connections);
    // The profile's TLS settings and protocol, as the load engine applies them: a heartbeat of a
    // staging target with its own CA must trust it too. Probes are one at a time per slot, so an
    // h2 connection keeps undici's one request in flight.
    const tls = buildTlsOptions(profile);
    const http2 = profile.protocol === 'http2';
    const pool = new Pool(origin.origin, {
      connections,
      pipelining: 1,
      connect: { timeout: CONNECT_TIMEOUT_MS, ...tls },
      ...(http2 ? { allowH2: true } : {}),
      // Below the 5 s idle timeout many servers use without saying so: reusing a connection the
      // server is closing at that moment fails a probe that would have succeeded, and a false
      // failure pages someone. At the default 5 s interval each probe connects afresh (as a
      // blackbox prober does); shorter intervals reuse the connection. A server's keep-alive
      // hint still sets its own timeout.
      keepAliveTimeout: KEEP_ALIVE_IDLE_MS,
      keepAliveMaxTimeout: 600_000,
    });
    prepareHistograms();
    const templates = buildRequestTemplates(profile);
    const nowMs = () => this.clock.nowMs();
    const deadlines = this.makeDeadlines(listLaneTimeoutsMs(templates), nowMs);
    const sender = new RequestSender<HeartbeatRecorder>(
      pool,
      templates,
      recorder,
      nowMs,
      deadlines,
      { origin: origin.origin, connections, connectTimeoutMs: CONNECT_TIMEOUT_MS, tls },
    );
    const schedule = new ProbeSchedule(recorder.startMs, intervalMs, profile.scenarios.length);

    let inFlight = 0;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let onIdle: (() => void) | undefined;
    // Idle: one last sweep drops the finished probes the lanes still hold (a probe answered
    // within the first sweep interval is never swept otherwise, and the lanes would grow by one
    // per probe for as long as the target answers that fast), then the sweeper rests. Deferred:
    // `done` may be called from inside a sweep (a deadline that expired).
    const restIfIdle = () => {
      if (inFlight > 0) return;
      deadlines.sweep();
      deadlines.stop();
    };
    const done = () => {
      inFlight--;
      if (inFlight > 0) return;
      setImmediate(restIfIdle);
      onIdle?.();
    };
    const arm = () => {
      // A timer may fire a little before the due time on this clock: `take` then says "not
      // yet" and the timer is set again for the rest.
      const waitMs = Math.max(0, Math.ceil(schedule.nextDueMs() - nowMs()));
      timer = setTimeout(fire, waitMs);
    };
    const fire = () => {
      timer = undefined;
      if (stopped) return;
      const releasedMs = nowMs();
      const probe = schedule.take(releasedMs);
      if (probe !== undefined) {
        recorder.onReleased(probe.scenario, probe.intendedMs, releasedMs, probe.missedSlots);
        inFlight++;
        deadlines.start();
        sender.send(probe.scenario, probe.intendedMs, done);
      }
      arm();
    };

    await new Promise<void>((resolve) => {
      const stop = () => {
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      if (signal.aborted) stop();
      else {
        signal.addEventListener('abort', stop, { once: true });
        fire();
      }
    });

    if (inFlight > 0) {
      await new Promise<void>((resolve) => {
        const cut = setTimeout(resolve, PROBE_DRAIN_MS);
        onIdle = () => {
          clearTimeout(cut);
          resolve();
        };
      });
    }
    // Whatever is still in flight is cut and counted as interrupted, not as a failure.
    sender.stopping = true;
    const cut = inFlight > 0;
    await Promise.all([cut ? pool.destroy() : pool.close(), sender.closeOtherOrigins(cut)]);
    deadlines.stop();
  }
}
