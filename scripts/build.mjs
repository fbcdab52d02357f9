// Builds dist/: the action entry (index.js) and the CLI (cli.js), unminified with sourcemaps,
// sharing chunks. Output is deterministic, so CI can fail on a stale dist by rebuilding and
// diffing.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minify: false,
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (undici, @actions/*) call require() for Node built-ins, which an ESM
  // bundle does not have.
  banner: {
    js: "import { createRequire as __loadgateCreateRequire } from 'node:module'; const require = __loadgateCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
