import { DEFAULT_RESULTS_PATH } from './parse-cli-args.js';

const GENERAL = `loadgate — HTTP load tests that gate pull requests

Usage:
  loadgate run [profile.yml] [options]   run a load profile (or one URL) and write a results file
  loadgate compare --current FILE [...]  judge a results file against a baseline and print the report
  loadgate demo                          run the example profile against a built-in demo API
  loadgate serve-demo [--port N]         serve the demo API on 127.0.0.1 until Ctrl-C
  loadgate help [command]                this help, or a command's
  loadgate version

Exit codes: 0 ran fine · 1 gate failed · 2 bad input · 3 could not run against the target · 130 interrupted`;

const RUN = `Usage: loadgate run [profile.yml] [options]

Runs the profile's load against its target, prints a summary and writes the results file.
Without a profile, --target URL with --rate N (or --vus N) sends GET requests to that URL.

Options (each overrides the profile):
  --target URL        base URL to test (replaces the profile's baseUrl)
  --rate N            arrivals per second (arrival-rate executors; scales ramps to this peak)
  --duration D        e.g. 30s, 2m, 1m30s (scales ramps to this total)
  --vus N             virtual users (VU executors; scales ramps to this peak)
  --connections N     TCP connections to keep open
  --out FILE          results file (default ${DEFAULT_RESULTS_PATH})
  --baseline FILE     compare with this results file (checked before any load is sent)
  --markdown FILE     write the report (PR comment / job summary markdown)
  --json FILE         write the verdict as JSON

The profile's thresholds (and, with --baseline, its regression rules) decide the verdict.
Ctrl-C stops the run and still writes what was measured (exit 130).
Exit codes: 0 pass or warn · 1 the gate failed · 2 bad input · 3 target unreachable (or lost
mid-run) · 130 interrupted`;

const COMPARE = `Usage: loadgate compare --current FILE [--baseline FILE] [--profile FILE] [--markdown FILE] [--json FILE]

Judges a results file: absolute thresholds always, regressions against --baseline when given,
with the rules of --profile (or the defaults: p95, p99 and error-rate regressions with floors).
Prints the markdown report.

Exit codes: 0 pass or warn · 1 fail · 2 bad input (a missing, corrupt or wrong-version file)`;

const DEMO = `Usage: loadgate demo [--out FILE]

The whole product in one command, nothing leaves this machine: starts a small demo API on
127.0.0.1, measures it with examples/demo.yml as the main branch's baseline, makes it 30 % slower
as a pull request might, measures again against the baseline, and prints the pull-request
comment and the verdict. Writes FILE (default loadgate-results.json), FILE-baseline.json and
FILE-report.md.`;

/** Help for a command, or the general help for anything else. */
export function renderHelp(topic?: string): string {
  if (topic === 'run') return RUN;
  if (topic === 'demo') return DEMO;
  if (topic === 'compare') return COMPARE;
  return GENERAL;
}
