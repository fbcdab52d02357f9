// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the profiles written hold loadgate's own ${…} references.
/**
 * What per-request values and extraction cost the generator: loadgate's CPU time per request
 * (whole process, user + system) for the same closed-model load against the fast target, with
 *   - static:    one fixed `GET /c/static` (the hot path, nothing rendered);
 *   - templated: `GET /c/${random.int}?n=${seq}&u=${random.uuid}&p=${data.products.name}` with an
 *                `x-user: ${data.users.name}` header (five references, two data sources);
 *   - extracted: a two-step journey: `GET /cart` taking `json.$.cart.id` and a `header.` value
 *                from the answer, then `GET /c/${vars.cartId}` (every second request extracts).
 * The target answers every request with the same small JSON body, so the variants differ only
 * in what loadgate does. Variants alternate within each round (the machine drifts); the figures
 * are medians over rounds, and the costs are differences of medians against `static`.
 *
 * Run: npm run build && node --import tsx bench/template-cost.ts [--rounds N] [--summary-out F]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAllChildren } from './lib/children.js';
import { runLoadgate } from './lib/run-generators.js';
import { startTargetProcess } from './lib/start-target.js';
import { formatNumber, median, reportSummary, type SummaryRow } from './lib/summary.js';

const VUS = 50;
const MEASURED_SEC = 8;
const DEFAULT_ROUNDS = 5;
const VARIANTS = ['static', 'templated', 'extracted'] as const;
type Variant = (typeof VARIANTS)[number];

/** The profile of each variant; `baseUrl` is replaced by `--target`. */
function writeProfiles(dir: string): Record<Variant, string> {
  const products = ['id,name', ...Array.from({ length: 1000 }, (_, i) => `${i + 1},item-${i + 1}`)];
  writeFileSync(join(dir, 'products.csv'), `${products.join('\n')}\n`);
  const users = ['name', ...Array.from({ length: 200 }, (_, i) => `user-${i + 1}`)];
  writeFileSync(join(dir, 'users.csv'), `${users.join('\n')}\n`);
  const load = `load:\n  executor: constant-vus\n  vus: ${VUS}\n  duration: ${MEASURED_SEC}s\n  connections: ${VUS}\n`;
  const head = 'baseUrl: http://127.0.0.1:9\nseed: 7\n';
  const profiles: Record<Variant, string> = {
    static: `name: static\n${head}scenarios:\n  - name: fixed\n    path: /c/static\n${load}`,
    templated: [
      `name: templated\n${head}`,
      'data:\n  products: { file: products.csv, order: random }\n  users: { file: users.csv, order: sequential }\n',
      'scenarios:\n  - name: varied\n',
      '    path: /c/${random.int(1, 100000)}?n=${seq}&u=${random.uuid}&p=${data.products.name}\n',
      '    headers:\n      x-user: ${data.users.name}\n',
      load,
    ].join(''),
    extracted: [
      `name: extracted\n${head}`,
      'scenarios:\n  - name: cart\n    steps:\n',
      '      - name: open\n        path: /cart\n',
      '        extract: { cartId: json.$.cart.id, length: header.content-length }\n',
      '      - name: use\n        path: /c/${vars.cartId}\n',
      load,
    ].join(''),
  };
  const paths = {} as Record<Variant, string>;
  for (const variant of VARIANTS) {
    paths[variant] = join(dir, `${variant}.yml`);
    writeFileSync(paths[variant], profiles[variant]);
  }
  return paths;
}

interface Round {
  rps: number;
  cpuUsPerRequest: number;
}

async function main(args: string[]): Promise<void> {
  const at = args.indexOf('--rounds');
  const rounds = at === -1 ? DEFAULT_ROUNDS : Number(args[at + 1]);
  console.log(
    `template-cost: closed model, ${VUS} VUs, ${MEASURED_SEC} s measured, ${rounds} rounds`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-template-cost-'));
  const target = await startTargetProcess(0, { jsonBody: true });
  const runs = new Map<Variant, Round[]>(VARIANTS.map((v) => [v, []]));
  try {
    const profiles = writeProfiles(dir);
    for (let round = 1; round <= rounds; round++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round - 1) % VARIANTS.length] as Variant);
      for (const variant of order) {
        const flags = [profiles[variant], '--target', target.url];
        const { results, cpuSec } = await runLoadgate(flags, MEASURED_SEC * 1000);
        if (results.totals.errors > 0)
          throw new Error(`${variant}: loadgate saw ${results.totals.errors} errors`);
        const sent = results.totals.requests + results.warmup.requests;
        const run = { rps: results.throughput.rps, cpuUsPerRequest: (cpuSec * 1e6) / sent };
        runs.get(variant)?.push(run);
        console.log(
          `round ${round}  ${variant.padEnd(10)} ${formatNumber(run.rps).padStart(7)} req/s  CPU/request ${run.cpuUsPerRequest.toFixed(1)} µs`,
        );
      }
    }
  } finally {
    target.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const cpu = (v: Variant) => median((runs.get(v) ?? []).map((r) => r.cpuUsPerRequest));
  const rps = (v: Variant) => median((runs.get(v) ?? []).map((r) => r.rps));
  const row = (metric: string, value: string): SummaryRow => ({
    benchmark: 'template-cost',
    metric,
    value,
    goal: '',
    verdict: '',
  });
  const rows = VARIANTS.flatMap((v) => [
    row(`${v} CPU µs/request (median of ${rounds})`, cpu(v).toFixed(1)),
    row(`${v} req/s (median)`, formatNumber(rps(v))),
  ]);
  rows.push(
    row(
      'templating cost, CPU µs/request (templated − static)',
      (cpu('templated') - cpu('static')).toFixed(1),
    ),
    row(
      'extraction cost, CPU µs/request (extracted − static)',
      (cpu('extracted') - cpu('static')).toFixed(1),
    ),
  );
  reportSummary(rows, args);
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => killAllChildren());
