// Layout: src/core is a one-way street. Each folder imports only from folders before it
// (type-only imports count too): input → rules → profile → schedule → stats → result → history →
// judge → render → notify → action|cli. action and cli are both entry parsers and never import each other. Core is
// pure: it imports nothing from src/app, src/shell, src/ports.ts or the src/main/cli entry files,
// and reads no clock or process state. A threshold therefore goes from YAML to a verdict through
// core/rules (parse) and core/judge (evaluate) only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';

const CORE_ORDER = [
  'input',
  'rules',
  'profile',
  'schedule',
  'stats',
  'result',
  'history',
  'judge',
  'render',
  'notify',
  'action|cli',
] as const;
const DIRECTION = CORE_ORDER.join(' → ');
const OUTSIDE_CORE = [
  /^src\/app\//,
  /^src\/shell\//,
  /^src\/ports\.ts$/,
  /^src\/(main|cli|cli-main|index)\.ts$/,
];

interface ImportEdge {
  from: string;
  to: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
}

/** Every relative import / export-from / dynamic import in `file`, as repo-relative .ts paths. */
function readImports(file: string): ImportEdge[] {
  const source = stripComments(readFileSync(file, 'utf8'));
  const specifiers = [
    ...source.matchAll(/\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*(?:\(\s*)?['"]([^'"]+)['"]/g),
  ].map((match) => match[1] as string);
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => ({
      from: file,
      to: normalize(join(dirname(file), specifier))
        .replace(/\.js$/, '.ts')
        .split('\\')
        .join('/'),
    }));
}

function rankOf(path: string): { folder: string; rank: number } | undefined {
  const folder = /^src\/core\/([^/]+)\//.exec(path)?.[1];
  if (folder === undefined) return undefined;
  const rank = CORE_ORDER.findIndex((entry) => entry.split('|').includes(folder));
  return { folder, rank };
}

/** Messages for every edge that runs against the core's direction or leaves the pure core. */
function findDirectionViolations(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const { from, to } of edges) {
    const source = rankOf(from);
    if (source === undefined) continue;
    if (OUTSIDE_CORE.some((pattern) => pattern.test(to))) {
      problems.push(`${from} imports ${to}, which is outside the pure core`);
      continue;
    }
    const target = rankOf(to);
    if (source.rank === -1) {
      problems.push(
        `${from} is in src/core/${source.folder}, a folder missing from the direction ${DIRECTION}`,
      );
      continue;
    }
    if (target === undefined) continue;
    const against =
      target.rank === -1 ||
      target.rank > source.rank ||
      (target.rank === source.rank && target.folder !== source.folder);
    if (against) problems.push(`${from} imports ${to} against the direction ${DIRECTION}`);
  }
  return problems;
}

function coreImports(): ImportEdge[] {
  return filesUnder('src/core')
    .map((file) => file.split('\\').join('/'))
    .flatMap(readImports);
}

describe('architecture', () => {
  it('src/core imports only from earlier folders and never from outside the core', () => {
    const edges = coreImports();
    expect(edges.length).toBeGreaterThan(100);
    expect(findDirectionViolations(edges)).toEqual([]);
  });

  it('the direction check catches imports against the direction', () => {
    expect(
      findDirectionViolations([
        { from: 'src/core/rules/parse-rules.ts', to: 'src/core/input/units.ts' },
        { from: 'src/core/judge/reasons.ts', to: 'src/core/judge/run-warnings.ts' },
        { from: 'src/core/input/units.ts', to: 'src/core/rules/types.ts' },
        { from: 'src/core/action/parse-action-inputs.ts', to: 'src/core/cli/help-text.ts' },
        { from: 'src/core/stats/histogram.ts', to: 'src/shell/io/write-file.ts' },
        { from: 'src/core/render/report.ts', to: 'src/ports.ts' },
      ]),
    ).toEqual([
      `src/core/input/units.ts imports src/core/rules/types.ts against the direction ${DIRECTION}`,
      `src/core/action/parse-action-inputs.ts imports src/core/cli/help-text.ts against the direction ${DIRECTION}`,
      'src/core/stats/histogram.ts imports src/shell/io/write-file.ts, which is outside the pure core',
      'src/core/render/report.ts imports src/ports.ts, which is outside the pure core',
    ]);
  });

  it('reads static, type-only, re-exported and dynamic imports', () => {
    expect(coreImports().some((edge) => edge.to === 'src/core/rules/types.ts')).toBe(true);
  });

  // The lint rule bans I/O imports in src/core; this catches what an import rule cannot see.
  it('src/core reads no clock and no process state', () => {
    const offenders = filesUnder('src/core').filter((file) =>
      /\b(Date\.now|performance\.now|process\.)|new Date\(\)/.test(
        readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('src/index.ts only calls run()', () => {
    const code = readFileSync('src/index.ts', 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l.trim() !== '');
    expect(code).toEqual(["import { run } from './main.js';", 'void run();']);
  });

  it('VERSION matches package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
