import { createRequire as __loadgateCreateRequire } from 'node:module'; const require = __loadgateCreateRequire(import.meta.url);

// src/shell/engine/thread-clock.ts
var threadClock = createThreadClock();
function createThreadClock() {
  const [seconds, nanoseconds] = process.hrtime();
  const offsetMs = seconds * 1e3 + nanoseconds / 1e6 - performance.now();
  return { nowMs: () => performance.now() + offsetMs, epochMs: () => Date.now() };
}
async function waitUntil(clock, atMs) {
  const coarseMs = atMs - clock.nowMs() - FINE_WAIT_MS;
  if (coarseMs > 0) await new Promise((resolve) => setTimeout(resolve, coarseMs));
  while (clock.nowMs() < atMs) await new Promise((resolve) => setImmediate(resolve));
}
var FINE_WAIT_MS = 3;

// src/shell/engine/worker-protocol.ts
function packProfile(profile) {
  const data = profile.data;
  if (data === void 0) return { profile, tables: [] };
  const tables = data.map((source) => source.table ? packTable(source.table) : null);
  return {
    profile: { ...profile, data: data.map(({ table: _, ...source }) => source) },
    tables
  };
}
function unpackProfile(profile, tables) {
  const data = profile.data;
  if (data === void 0) return profile;
  return {
    ...profile,
    data: data.map((source, index) => {
      const table = tables[index];
      return table ? { ...source, table: unpackTable(table) } : source;
    })
  };
}
function packTable(table) {
  const width = table.columns.length;
  const cells = new Array(table.rowCount * width);
  for (let row = 0; row < table.rowCount; row++) {
    for (let column = 0; column < width; column++) {
      cells[row * width + column] = table.value(row, column);
    }
  }
  return { columns: table.columns, rowCount: table.rowCount, cells, sizeBytes: table.sizeBytes };
}
function unpackTable(packed) {
  const width = packed.columns.length;
  return {
    columns: packed.columns,
    rowCount: packed.rowCount,
    sizeBytes: packed.sizeBytes,
    value: (row, column) => packed.cells[row * width + column] ?? null
  };
}

export {
  threadClock,
  waitUntil,
  packProfile,
  unpackProfile
};
