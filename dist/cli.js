#!/usr/bin/env node
import { createRequire as __loadgateCreateRequire } from 'node:module'; const require = __loadgateCreateRequire(import.meta.url);
import {
  HISTORY_OPTION,
  LAYERS,
  LAYER_FORM,
  NodeFileStore,
  OUTPUT_FLAGS,
  RUN_COUNTS,
  SINKS,
  UndiciEngine,
  VERSION,
  checkInterval,
  checkRunCount,
  cliSettings,
  createRandom,
  defaultRules,
  deliverJudged,
  describeReadError,
  describeValue,
  formatIssues,
  formatProgressLine,
  judgeResults,
  loadProfileRules,
  neutralizeLogText,
  readHistoryFile,
  readHistoryFrom,
  readResultsFrom,
  readRunEnvironment,
  renderTrendText,
  resultsPathOf,
  runLoadTest,
  systemClock
} from "./chunks/chunk-XZQXM3XR.js";
import "./chunks/chunk-MVY2A3H3.js";

// src/cli-main.ts
import { fileURLToPath } from "node:url";

// src/app/compare-results.ts
async function compareResults(request, deps) {
  const { files, output } = deps;
  const issues = [];
  const current = await readResultsFrom(request.currentPath, "--current", files);
  if (!current.ok) issues.push(...current.issues);
  const baseline = request.baselinePath ? await readResultsFrom(request.baselinePath, "--baseline", files) : void 0;
  if (baseline && !baseline.ok) issues.push(...baseline.issues);
  let rules;
  if (request.profilePath) {
    const loaded = await loadProfileRules(request.profilePath, files);
    if (loaded.ok) {
      rules = loaded.rules;
      for (const warning of loaded.warnings) output.warn(warning);
    } else issues.push(...loaded.issues);
  }
  if (issues.length > 0 || !current.ok || baseline && !baseline.ok) {
    output.error(formatIssues(issues, "input"));
    return { kind: "bad-input", issues };
  }
  const run = judgeResults(
    {
      current: current.result,
      ...baseline?.ok ? { baseline: baseline.result } : {},
      rules: rules ?? defaultRules(current.result.scenarios.map((s) => s.name)),
      origin: "read"
    },
    output
  );
  await deliverJudged(SINKS, run, request.outputs, { files, output });
  output.info(run.markdown);
  return { kind: "judged", run };
}

// src/app/run-demo.ts
var DEMO_SLOWDOWN = 1.3;
async function runDemo(request, deps) {
  const { output } = deps;
  const resultsPath = resultsPathOf(request.outputs) ?? "loadgate-results.json";
  const baselinePath = resultsPath.replace(/(\.json)?$/, "-baseline.json");
  const markdownPath = resultsPath.replace(/(\.json)?$/, "-report.md");
  const target = await deps.startDemoTarget();
  try {
    output.info(
      `demo target listening on ${target.url}

1/2 \xB7 the main branch: measuring the baseline`
    );
    const base = await runLoadTest(
      {
        profilePath: request.demoProfilePath,
        overrides: { target: target.url },
        outputs: cliSettings({ out: baselinePath })
      },
      deps
    );
    if (base.kind !== "judged" || base.run.verdict.level === "fail") return base;
    target.setSlowdownFactor(DEMO_SLOWDOWN);
    output.info(
      `
2/2 \xB7 a pull request whose build answers ${Math.round((DEMO_SLOWDOWN - 1) * 100)} % slower: measuring and comparing`
    );
    const pr = await runLoadTest(
      {
        profilePath: request.demoProfilePath,
        overrides: { target: target.url },
        outputs: cliSettings({ out: resultsPath, markdown: markdownPath }),
        baselinePath
      },
      deps
    );
    if (pr.kind !== "judged") return pr;
    output.info(
      `
\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500 the pull-request comment (also in ${markdownPath}) \u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500

${pr.run.markdown}
\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500`
    );
    const gate = pr.run.verdict.level === "fail" ? "would fail the pull request check" : "would pass";
    output.info(
      `In a pull request this run ${gate}. Files: ${baselinePath}, ${resultsPath}, ${markdownPath}.`
    );
    return { kind: "demonstrated", run: pr.run };
  } finally {
    await target.close();
  }
}

// src/core/cli/help-text.ts
var GENERAL = `loadgate \u2014 HTTP load tests that gate pull requests

Usage:
  loadgate run [profile.yml] [options]   run a load profile (or one URL) and write a results file
  loadgate compare --current FILE [...]  judge a results file against a baseline and print the report
  loadgate demo                          run the example profile against a built-in demo API
  loadgate serve-demo [--port N]         serve the demo API on 127.0.0.1 until Ctrl-C
  loadgate history show FILE [--last N]  print the trend of a history file (see run --history)
  loadgate help [command]                this help, or a command's
  loadgate version

Exit codes: 0 ran fine \xB7 1 gate failed \xB7 2 bad input \xB7 3 could not run against the target \xB7 130 interrupted`;
var RUN_HEAD = `Usage: loadgate run [profile.yml] [options]

Runs the profile's load against its target, prints a summary and writes the results file.
Without a profile, --target URL with --rate N (or --vus N) sends GET requests to that URL.

Options (each overrides the profile):
  --target URL        base URL to test (replaces the profile's baseUrl)
  --rate N            arrivals per second (arrival-rate executors; scales ramps to this peak)
  --duration D        e.g. 30s, 2m, 1m30s (scales ramps to this total)
  --vus N             virtual users (VU executors; scales ramps to this peak)
  --connections N     TCP connections to keep open
  --baseline FILE     compare with this results file (checked before any load is sent)
  --layer L           the run's kind, kept as its own series: heartbeat, scheduled, manual,
                      pull-request or release (default: the profile's layer, else manual)
  --interval I        how often it runs: hourly, daily, weekly or a slug like every-15m
                      (default: the profile's interval, else manual)

Scheduled runs (with --history FILE):
  --baseline-runs K   judge against the last K passing runs of the series, merged (default 5,
                      1 to 50)
  --confirm           re-measure a breach once before it counts (default off: a breach counts
                      when the previous run of the series breached too)
  --no-confirm        never re-measure

Outputs:`;
var RUN_TAIL = `The profile's thresholds (and, with --baseline, its regression rules) decide the verdict.
Ctrl-C stops the run and still writes what was measured (exit 130).
Exit codes: 0 pass or warn \xB7 1 the gate failed \xB7 2 bad input \xB7 3 target unreachable (or lost
mid-run) \xB7 130 interrupted`;
var COMPARE_USAGE = "Usage: loadgate compare --current FILE [--baseline FILE] [--profile FILE]";
var COMPARE = `Judges a results file: absolute thresholds always, regressions against --baseline when given,
with the rules of --profile (or the defaults: p95, p99 and error-rate regressions with floors).
Prints the markdown report.

Exit codes: 0 pass or warn \xB7 1 fail \xB7 2 bad input (a missing, corrupt or wrong-version file)`;
var HISTORY = `Usage: loadgate history show FILE [--last N]

Prints the trend kept in a history file (written by loadgate run --history FILE): the newest N
runs of each series (profile, layer, interval) with when, commit, p50/p95/p99, rps, error and
block rate and verdict.

Options:
  --last N            runs shown per series, 1 to 10000 (default 30)

Exit codes: 0 shown \xB7 2 bad input (a missing, corrupt or newer-version file)`;
var DEMO = `The whole product in one command, nothing leaves this machine: starts a small demo API on
127.0.0.1, measures it with examples/demo.yml as the main branch's baseline, makes it 30 % slower
as a pull request might, measures again against the baseline, and prints the pull-request
comment and the verdict. Writes FILE, FILE-baseline.json and FILE-report.md.`;
function flagLine(flag) {
  const usage = `--${flag.name} ${flag.placeholder}`;
  const text = flag.default ? `${flag.help} (default ${flag.default})` : flag.help;
  return `  ${usage.padEnd(18)}  ${text}`;
}
function usageOf(flags) {
  return flags.map((flag) => ` [--${flag.name} ${flag.placeholder}]`).join("");
}
function renderHelp(topic, outputFlags = []) {
  const of = (command) => outputFlags.filter((flag) => flag.commands.includes(command));
  if (topic === "run") return [RUN_HEAD, ...of("run").map(flagLine), "", RUN_TAIL].join("\n");
  if (topic === "history") return HISTORY;
  if (topic === "demo") {
    const lines = of("demo").map(flagLine);
    return [`Usage: loadgate demo${usageOf(of("demo"))}`, "", DEMO, "", ...lines].join("\n");
  }
  if (topic === "compare") {
    const flags = of("compare");
    const lines = flags.length ? ["", "Outputs:", ...flags.map(flagLine)] : [];
    return [`${COMPARE_USAGE}${usageOf(flags)}`, "", COMPARE, ...lines].join("\n");
  }
  return GENERAL;
}

// src/core/cli/parse-cli-args.ts
var COMMAND_FLAGS = {
  run: [
    "target",
    "rate",
    "duration",
    "vus",
    "connections",
    "baseline",
    "layer",
    "interval",
    "baseline-runs"
  ],
  compare: ["current", "baseline", "profile"],
  history: ["last"],
  demo: [],
  "serve-demo": ["port", "slowdown"]
};
var COMMAND_SWITCHES = {
  run: ["confirm", "no-confirm"]
};
var HISTORY_SUBCOMMANDS = ["show"];
function parseCliArgs(argv, outputFlags = []) {
  const [command, ...rest] = argv;
  if (command === void 0 || command === "help" || command === "--help" || command === "-h") {
    return { ok: true, cli: { command: "help", ...rest[0] ? { topic: rest[0] } : {} } };
  }
  if (command === "version" || command === "--version" || command === "-v")
    return { ok: true, cli: { command: "version" } };
  const own = COMMAND_FLAGS[command];
  if (!own) {
    return {
      ok: false,
      issues: [
        {
          path: "command",
          message: `unknown command "${command}"; expected run, compare, demo, serve-demo, history, help or version`
        }
      ]
    };
  }
  if (rest.includes("--help") || rest.includes("-h"))
    return { ok: true, cli: { command: "help", topic: command } };
  const outputs = outputFlags.filter((flag) => flag.commands.includes(command));
  const switches = COMMAND_SWITCHES[command] ?? [];
  const flags = [...own, ...switches, ...outputs.map((flag) => flag.name)];
  const examples = Object.fromEntries(outputs.map((flag) => [flag.name, flag.example]));
  const { values, positionals, issues } = tokenize(rest, command, { flags, switches }, examples);
  if (command === "history") return parseHistory(positionals, values.get("last"), issues);
  const maxPositionals = command === "run" ? 1 : 0;
  for (const extra of positionals.slice(maxPositionals)) {
    issues.push({ path: "arguments", message: `unexpected argument "${extra}"` });
  }
  if (issues.length > 0) return { ok: false, issues };
  const str = (name) => values.get(name);
  const given = {};
  for (const { name } of outputs) {
    const value = str(name);
    if (value !== void 0) given[name] = value;
  }
  if (command === "demo") return { ok: true, cli: { command: "demo", outputs: given } };
  if (command === "serve-demo") return parseServeDemo(str("port"), str("slowdown"));
  const baselinePath = str("baseline");
  const reportPaths = { ...baselinePath ? { baselinePath } : {}, outputs: given };
  if (command === "compare") {
    const currentPath = str("current");
    if (currentPath === void 0) {
      return {
        ok: false,
        issues: [
          {
            path: "--current",
            message: "required: the results file to judge, e.g. --current loadgate-results.json"
          }
        ]
      };
    }
    const profilePath = str("profile");
    return {
      ok: true,
      cli: {
        command: "compare",
        currentPath,
        ...profilePath ? { profilePath } : {},
        ...reportPaths
      }
    };
  }
  const overrides = {};
  for (const key of ["target", "rate", "duration", "vus", "connections"]) {
    const value = str(key);
    if (value !== void 0) overrides[key] = value;
  }
  const series = parseSeriesFlags(values);
  if (!series.ok) return series;
  return {
    ok: true,
    cli: {
      command: "run",
      ...positionals[0] ? { profilePath: positionals[0] } : {},
      overrides,
      ...reportPaths,
      ...series.flags
    }
  };
}
function parseSeriesFlags(values) {
  const issues = [];
  const flags = {};
  const layer = values.get("layer");
  if (layer !== void 0) {
    const known = LAYERS.find((name) => name === layer.toLowerCase());
    if (known) flags.layer = known;
    else
      issues.push({
        path: "--layer",
        message: `expected ${LAYER_FORM}, got ${describeValue(layer)}`
      });
  }
  const interval = values.get("interval");
  if (interval !== void 0) {
    const checked = checkInterval(interval);
    if (checked.ok) flags.interval = checked.value;
    else issues.push({ path: "--interval", message: checked.message });
  }
  const baselineRuns = values.get("baseline-runs");
  if (baselineRuns !== void 0) {
    const checked = checkRunCount(baselineRuns, RUN_COUNTS.baselineRuns);
    if (checked.ok) flags.baselineRuns = checked.value;
    else issues.push({ path: "--baseline-runs", message: checked.message });
  }
  const confirm = values.has("confirm");
  const noConfirm = values.has("no-confirm");
  if (confirm && noConfirm) {
    issues.push({ path: "--confirm", message: "give --confirm or --no-confirm, not both" });
  } else if (confirm || noConfirm) flags.confirm = confirm;
  return issues.length > 0 ? { ok: false, issues } : { ok: true, flags };
}
function parseHistory(positionals, lastText, issues) {
  const [subcommand, historyPath, ...extra] = positionals;
  if (subcommand === void 0) {
    issues.push({
      path: "history",
      message: "needs a subcommand: loadgate history show FILE [--last N]"
    });
  } else if (!HISTORY_SUBCOMMANDS.includes(subcommand)) {
    issues.push({
      path: "history",
      message: `unknown subcommand "${subcommand}"; expected ${HISTORY_SUBCOMMANDS.join(", ")}`
    });
  } else if (historyPath === void 0) {
    issues.push({
      path: "FILE",
      message: "required: the history file to show, e.g. loadgate history show history.json"
    });
  }
  for (const argument of extra) {
    issues.push({ path: "arguments", message: `unexpected argument "${argument}"` });
  }
  const checked = lastText === void 0 ? void 0 : checkRunCount(lastText, RUN_COUNTS.historyShow);
  if (checked?.ok === false) issues.push({ path: "--last", message: checked.message });
  if (issues.length > 0 || historyPath === void 0) return { ok: false, issues };
  return {
    ok: true,
    cli: {
      command: "history-show",
      historyPath,
      last: checked?.ok ? checked.value : RUN_COUNTS.historyShow.default
    }
  };
}
function parseServeDemo(portText = "8080", slowdownText = "1") {
  const port = Number(portText);
  const slowdownFactor = Number(slowdownText);
  const issues = [];
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    issues.push({
      path: "--port",
      message: `expected a port number from 0 to 65535, got "${portText}"`
    });
  }
  if (!Number.isFinite(slowdownFactor) || slowdownFactor <= 0 || slowdownFactor > 100) {
    issues.push({
      path: "--slowdown",
      message: `expected a factor such as 1.3 (30 % slower), got "${slowdownText}"`
    });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, cli: { command: "serve-demo", port, slowdownFactor } };
}
function tokenize(args, command, known, outputExamples) {
  const { flags, switches } = known;
  const values = /* @__PURE__ */ new Map();
  const positionals = [];
  const issues = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--") || arg === "--") {
      if (arg !== "--") positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let value = eq >= 0 ? arg.slice(eq + 1) : void 0;
    if (switches.includes(name)) {
      if (value === void 0) values.set(name, "");
      else issues.push({ path: `--${name}`, message: `takes no value; write --${name} alone` });
      continue;
    }
    const next = args[i + 1];
    if (value === void 0 && next !== void 0 && !next.startsWith("--")) {
      value = next;
      i++;
    }
    if (!flags.includes(name)) {
      issues.push({
        path: `--${name}`,
        message: `unknown option for "${command}"; expected one of ${flags.map((f) => `--${f}`).join(", ")}`
      });
    } else if (value === void 0 || value === "") {
      const example = outputExamples[name] ?? exampleFor(name);
      issues.push({ path: `--${name}`, message: `needs a value, e.g. ${example}` });
    } else {
      values.set(name, value);
    }
  }
  return { values, positionals, issues };
}
function exampleFor(flag) {
  const examples = {
    target: "--target http://127.0.0.1:8080",
    rate: "--rate 100 (requests per second)",
    duration: "--duration 30s",
    vus: "--vus 10",
    connections: "--connections 50",
    current: "--current loadgate-results.json",
    baseline: "--baseline baseline.json",
    profile: "--profile loadtest.yml",
    port: "--port 8080",
    slowdown: "--slowdown 1.3",
    layer: "--layer scheduled",
    interval: "--interval daily",
    "baseline-runs": "--baseline-runs 5",
    last: "--last 30"
  };
  return examples[flag] ?? `--${flag} VALUE`;
}

// src/shell/console-output.ts
var CI_PROGRESS_EVERY_MS = 5e3;
var ConsoleOutput = class {
  constructor(streams, nowMs) {
    this.streams = streams;
    this.nowMs = nowMs;
  }
  streams;
  nowMs;
  secrets = [];
  liveLine = false;
  lastProgressMs = Number.NEGATIVE_INFINITY;
  info(text) {
    this.endLiveLine();
    this.streams.stdout.write(`${this.clean(text)}
`);
  }
  warn(text) {
    this.endLiveLine();
    this.streams.stderr.write(`${this.clean(text, "warning: ")}
`);
  }
  error(text) {
    this.endLiveLine();
    this.streams.stderr.write(`${this.clean(text, "error: ")}
`);
  }
  progress(snapshot) {
    const line = this.clean(formatProgressLine(snapshot));
    if (this.streams.stdout.isTTY) {
      this.streams.stdout.write(`\r\x1B[2K${line}`);
      this.liveLine = true;
      return;
    }
    const now = this.nowMs();
    if (now - this.lastProgressMs < CI_PROGRESS_EVERY_MS) return;
    this.lastProgressMs = now;
    this.streams.stdout.write(`${line}
`);
  }
  progressDone() {
    this.endLiveLine();
  }
  mask(values) {
    this.secrets = [.../* @__PURE__ */ new Set([...this.secrets, ...values.filter((v) => v.length > 0)])].sort(
      (a, b) => b.length - a.length
    );
  }
  redact(text) {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join("***");
    return out;
  }
  /**
   * Secrets masked first (a secret may hold any character), then made inert: the only control
   * characters that reach the stream are our own line ends and the live line's `\r\x1b[2K`, and
   * no line can be read as a GitHub Actions workflow command (the CLI runs in workflows too).
   */
  clean(text, prefix = "") {
    return neutralizeLogText(`${prefix}${this.redact(text)}`);
  }
  endLiveLine() {
    if (!this.liveLine) return;
    this.streams.stdout.write("\n");
    this.liveLine = false;
  }
};

// src/shell/demo-target.ts
import { createServer } from "node:http";

// src/shell/demo-latency.ts
var LOG_SIGMA = 0.35;
var MAX_MULTIPLE_OF_MEDIAN = 5;
function drawStandardNormal(uniform) {
  const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
  return radius * Math.cos(2 * Math.PI * uniform());
}
function createLatencySampler(seed) {
  const uniform = createRandom(seed);
  return (medianMs) => {
    const multiple = Math.exp(LOG_SIGMA * drawStandardNormal(uniform));
    return medianMs * Math.min(multiple, MAX_MULTIPLE_OF_MEDIAN);
  };
}

// src/shell/demo-request.ts
var MAX_BODY_BYTES = 1024 * 1024;
function readRequestBodyText(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let byteCount = 0;
    req.on("data", (chunk) => {
      byteCount += chunk.length;
      if (byteCount <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on(
      "end",
      () => resolve(byteCount <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString("utf8") : void 0)
    );
    req.on("error", () => resolve(void 0));
  });
}
function parseRequestTarget(target) {
  try {
    return new URL(target ?? "/", "http://demo.invalid");
  } catch {
    return void 0;
  }
}

// src/shell/demo-catalog.ts
var PRODUCT_NAMES = [
  "Espresso beans 1 kg",
  "Pour-over kettle",
  "Ceramic dripper",
  "Paper filters (100)",
  "Hand grinder",
  "Burr grinder",
  "Milk frother",
  "Glass carafe",
  "Travel mug",
  "Digital scale",
  "Cold brew jar",
  "Moka pot",
  "French press",
  "Tamper",
  "Knock box",
  "Descaler",
  "Decaf beans 500 g",
  "Cupping spoon",
  "Barista apron",
  "Latte art pitcher"
];
var DEMO_PRODUCTS = PRODUCT_NAMES.map((name, index) => ({
  id: index + 1,
  name,
  // Deterministic but varied prices, so responses are not all the same shape of numbers.
  priceCents: 499 + index * 7919 % 9e3,
  inStock: index % 5 !== 3
}));
function findDemoProduct(id) {
  const base = DEMO_PRODUCTS[(id - 1) % DEMO_PRODUCTS.length] ?? DEMO_PRODUCTS[0];
  if (base === void 0) throw new Error("demo catalogue is empty");
  return { ...base, id };
}
function searchDemoProducts(query, limit) {
  const needle = query.trim().toLowerCase();
  return DEMO_PRODUCTS.filter((product) => product.name.toLowerCase().includes(needle)).slice(
    0,
    limit
  );
}

// src/shell/demo-routes.ts
var PRODUCT_PATH = /^\/api\/products\/([^/]+)$/;
var PRODUCT_ID = /^[1-9]\d{0,8}$/;
var SEARCH_RESULT_LIMIT = 10;
function answerJson(status, value, medianLatencyMs) {
  return { status, contentType: "application/json", body: JSON.stringify(value), medianLatencyMs };
}
function answerText(status, text, medianLatencyMs) {
  return { status, contentType: "text/plain", body: text, medianLatencyMs };
}
function looksLikeSqlInjection(query) {
  const lower = query.toLowerCase();
  if (!lower.includes("'")) return false;
  return /\bor\b/.test(lower) || lower.includes("union") || lower.includes("--");
}
function parseJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
function createDemoRouter() {
  let lastOrderId = 1e3;
  return ({ method, pathname, searchParams, bodyText }) => {
    if (method === "GET" && pathname === "/healthz") return answerText(200, "ok", 0);
    if (method === "GET" && pathname === "/api/products") return answerJson(200, DEMO_PRODUCTS, 4);
    const productMatch = method === "GET" ? PRODUCT_PATH.exec(pathname) : null;
    if (productMatch) {
      const idText = productMatch[1] ?? "";
      if (!PRODUCT_ID.test(idText)) return answerJson(404, { error: "product not found" }, 3);
      return answerJson(200, findDemoProduct(Number(idText)), 3);
    }
    if (method === "POST" && pathname === "/api/orders") {
      const parsed = parseJson(bodyText);
      if (!parsed.ok) return answerJson(400, { error: "body must be valid JSON" }, 8);
      lastOrderId += 1;
      return answerJson(201, { id: lastOrderId, status: "created" }, 8);
    }
    if (method === "GET" && pathname === "/search") {
      const query = searchParams.get("q") ?? "";
      if (looksLikeSqlInjection(query)) return answerText(403, "blocked by policy", 1);
      const results = searchDemoProducts(query, SEARCH_RESULT_LIMIT);
      return answerJson(200, { query, count: results.length, results }, 5);
    }
    return answerJson(404, { error: "not found" }, 0);
  };
}

// src/shell/demo-target.ts
var DEFAULT_SEED = 279822558;
var KEEP_ALIVE_TIMEOUT_MS = 65e3;
function checkSlowdownFactor(factor) {
  if (!Number.isFinite(factor) || factor < 0) {
    throw new RangeError(`slowdownFactor must be a finite number >= 0, got ${factor}`);
  }
  return factor;
}
function sendAnswer(res, answer) {
  if (res.destroyed) return;
  res.writeHead(answer.status, {
    "content-type": `${answer.contentType}; charset=utf-8`,
    "content-length": Buffer.byteLength(answer.body)
  });
  res.end(answer.body);
}
async function startDemoTarget(options = {}) {
  const host = options.host ?? "127.0.0.1";
  let slowdownFactor = checkSlowdownFactor(options.slowdownFactor ?? 1);
  const drawLatencyMs = createLatencySampler(options.seed ?? DEFAULT_SEED);
  const route = createDemoRouter();
  const pendingTimers = /* @__PURE__ */ new Set();
  let receivedCount = 0;
  async function handleRequest(req, res) {
    receivedCount += 1;
    const factorAtArrival = slowdownFactor;
    const bodyText = await readRequestBodyText(req);
    if (bodyText === void 0) {
      sendAnswer(res, { status: 413, contentType: "text/plain", body: "body too large" });
      return;
    }
    const url = parseRequestTarget(req.url);
    if (url === void 0) {
      sendAnswer(res, { status: 400, contentType: "text/plain", body: "bad request target" });
      return;
    }
    const answer = route({
      method: req.method ?? "GET",
      pathname: url.pathname,
      searchParams: url.searchParams,
      bodyText
    });
    if (answer.medianLatencyMs <= 0) {
      sendAnswer(res, answer);
      return;
    }
    const latencyMs = drawLatencyMs(answer.medianLatencyMs) * factorAtArrival;
    const timer = setTimeout(() => {
      pendingTimers.delete(timer);
      sendAnswer(res, answer);
    }, latencyMs);
    pendingTimers.add(timer);
  }
  const server = createServer(
    { keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS },
    (req, res) => void handleRequest(req, res)
  );
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address();
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing;
  return {
    url: `http://${urlHost}:${port}`,
    setSlowdownFactor(factor) {
      slowdownFactor = checkSlowdownFactor(factor);
    },
    requestCount: () => receivedCount,
    close() {
      closing ??= new Promise((resolve) => {
        for (const timer of pendingTimers) clearTimeout(timer);
        pendingTimers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    }
  };
}

// src/shell/stop-signals.ts
var STOP_SIGNALS = {
  SIGINT: 130,
  SIGTERM: 143,
  // A closed terminal or SSH session: the measured results are as worth keeping as on Ctrl-C.
  SIGHUP: 129
};
function listenForStopSignals(output) {
  const controller = new AbortController();
  const onSignal = (name) => {
    if (controller.signal.aborted) {
      process.exit(STOP_SIGNALS[name] ?? 130);
    }
    output.warn(
      `${name}: stopping; writing the results measured so far (send it again to quit at once)`
    );
    controller.abort();
  };
  const names = Object.keys(STOP_SIGNALS);
  for (const name of names) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of names) process.off(name, onSignal);
    }
  };
}

// src/cli-main.ts
var ExitCode = {
  ok: 0,
  gateFailed: 1,
  badInput: 2,
  targetUnusable: 3,
  interrupted: 130
};
function exitCodeOf(outcome) {
  switch (outcome.kind) {
    case "bad-input":
      return ExitCode.badInput;
    case "target-unusable":
      return ExitCode.targetUnusable;
    case "interrupted":
      return ExitCode.interrupted;
    case "demonstrated":
      return ExitCode.ok;
    case "judged":
      return outcome.run.verdict.level === "fail" ? ExitCode.gateFailed : ExitCode.ok;
  }
}
var DEMO_PROFILE_PATH = fileURLToPath(new URL("../examples/demo.yml", import.meta.url));
async function runCli(argv) {
  const clock = systemClock;
  const output = new ConsoleOutput({ stdout: process.stdout, stderr: process.stderr }, clock.nowMs);
  const parsed = parseCliArgs(argv, OUTPUT_FLAGS);
  if (!parsed.ok) {
    output.error(`${formatIssues(parsed.issues, "arguments")}
Run "loadgate help" for usage.`);
    return ExitCode.badInput;
  }
  const { cli } = parsed;
  if (cli.command === "help") {
    output.info(renderHelp(cli.topic, OUTPUT_FLAGS));
    return ExitCode.ok;
  }
  if (cli.command === "version") {
    output.info(VERSION);
    return ExitCode.ok;
  }
  if (cli.command === "serve-demo") return serveDemo(cli.port, cli.slowdownFactor, output);
  const stop = listenForStopSignals(output);
  try {
    const deps = {
      engine: new UndiciEngine(clock),
      files: new NodeFileStore(),
      output,
      environment: await readRunEnvironment(process.env),
      signal: stop.signal
    };
    if (cli.command === "demo") {
      const outcome2 = await runDemo(
        { demoProfilePath: DEMO_PROFILE_PATH, outputs: cliSettings(cli.outputs) },
        { ...deps, startDemoTarget: () => startDemoTarget() }
      );
      return exitCodeOf(outcome2);
    }
    if (cli.command === "compare") {
      stop.dispose();
      const { command: _2, outputs: outputs2, ...request2 } = cli;
      return exitCodeOf(await compareResults({ ...request2, outputs: cliSettings(outputs2) }, deps));
    }
    if (cli.command === "history-show") {
      stop.dispose();
      return showHistory(cli.historyPath, cli.last, deps.files, output);
    }
    const { command: _, outputs, layer, interval, baselineRuns, confirm, ...request } = cli;
    const settings = cliSettings(outputs);
    const historyPath = settings.valueOf(HISTORY_OPTION);
    let memory;
    if (historyPath !== void 0) {
      const read = await readHistoryFrom(historyPath, "--history", deps.files);
      if (!read.ok) {
        output.error(formatIssues(read.issues, "input"));
        return ExitCode.badInput;
      }
      memory = {
        history: read.history,
        notes: read.notes,
        given: { ...layer ? { layer } : {}, ...interval ? { interval } : {} },
        event: { name: "" },
        facts: {},
        baselineRuns: baselineRuns ?? RUN_COUNTS.baselineRuns.default,
        rolling: request.baselinePath === void 0,
        confirm: confirm ?? false,
        trendRows: RUN_COUNTS.trendRuns.default,
        nowMs: clock.epochMs()
      };
    } else if (layer || interval || baselineRuns !== void 0 || confirm !== void 0) {
      output.error(
        formatIssues(
          [
            {
              path: layer ? "--layer" : interval ? "--interval" : baselineRuns !== void 0 ? "--baseline-runs" : "--confirm",
              message: "applies to runs that keep a history: add --history FILE"
            }
          ],
          "arguments"
        )
      );
      return ExitCode.badInput;
    }
    const outcome = await runLoadTest(
      { ...request, outputs: settings, ...memory ? { memory } : {} },
      { ...deps, onResultsWritten: stop.dispose }
    );
    return exitCodeOf(outcome);
  } finally {
    stop.dispose();
  }
}
async function showHistory(path, last, files, output) {
  let text;
  try {
    text = await files.readText(path);
  } catch (error) {
    output.error(
      formatIssues(
        [{ path: "FILE", message: `cannot read ${path}: ${describeReadError(error)}` }],
        "arguments"
      )
    );
    return ExitCode.badInput;
  }
  const read = readHistoryFile(text, path);
  if (!read.ok) {
    output.error(formatIssues(read.issues, "history file"));
    return ExitCode.badInput;
  }
  const bySeries = /* @__PURE__ */ new Map();
  for (const entry of read.history.entries) {
    const key = JSON.stringify([entry.profile, entry.layer, entry.interval]);
    bySeries.set(key, [...bySeries.get(key) ?? [], entry]);
  }
  if (bySeries.size === 0) output.info(`${path}: no runs yet`);
  for (const entries of bySeries.values()) output.info(renderTrendText(entries, { last }));
  return ExitCode.ok;
}
async function serveDemo(port, slowdownFactor, output) {
  const target = await startDemoTarget({ port, slowdownFactor });
  output.info(`demo API on ${target.url} (slowdown ${slowdownFactor}); Ctrl-C to stop`);
  await new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await target.close();
  return ExitCode.ok;
}

// src/cli.ts
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(
      `loadgate: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}
`
    );
    process.exitCode = 70;
  }
);
