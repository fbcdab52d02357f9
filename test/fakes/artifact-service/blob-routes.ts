/**
 * Enough of Azure Blob Storage for @azure/storage-blob's BlockBlobClient and for downloads:
 * `PUT ?comp=block&blockid=…` stages a block, `PUT ?comp=blocklist` commits the listed blocks in
 * order, a plain PUT (x-ms-blob-type: BlockBlob) writes a whole blob, GET reads it back. The
 * signature in the URL is not checked. Blob paths look like /<account>/<container>/<blob>,
 * the IP-style form the SDK expects of a 127.0.0.1 URL.
 */
import type { FakeArtifactState } from './artifact-state.js';
import type { FakeRequest, Reply, Route } from './http-vocabulary.js';

const ACCOUNT_PREFIX = '/devstoreaccount1/';

/** Headers every storage response carries; the SDK reads them into its response objects. */
function storageHeaders(): Record<string, string> {
  return {
    'x-ms-request-id': crypto.randomUUID(),
    'x-ms-version': '2021-12-02',
    'x-ms-request-server-encrypted': 'true',
    etag: `"0x${Date.now().toString(16)}"`,
    'last-modified': new Date().toUTCString(),
  };
}

function created(): Reply {
  return { status: 201, headers: storageHeaders(), body: '' };
}

/** Block ids of a Put Block List body, in order (Latest, Uncommitted or Committed). */
function listedBlockIds(xml: string): string[] {
  return [...xml.matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map((m) => m[1] ?? '');
}

/** Routes blob reads and writes under /devstoreaccount1/. */
export function blobRoutes(state: FakeArtifactState): Route {
  const staged = new Map<string, Map<string, Buffer>>();
  return (request: FakeRequest) => {
    const path = request.url.pathname;
    if (!path.startsWith(ACCOUNT_PREFIX)) return;
    const comp = request.url.searchParams.get('comp');
    if (request.method === 'PUT' && comp === 'block') {
      const blocks = staged.get(path) ?? new Map<string, Buffer>();
      blocks.set(request.url.searchParams.get('blockid') ?? '', request.body);
      staged.set(path, blocks);
      return created();
    }
    if (request.method === 'PUT' && comp === 'blocklist') {
      const blocks = staged.get(path) ?? new Map<string, Buffer>();
      const ids = listedBlockIds(request.body.toString('utf8'));
      if (ids.some((id) => !blocks.has(id))) return { status: 400, body: 'InvalidBlockList' };
      state.blobs.set(path, Buffer.concat(ids.map((id) => blocks.get(id) ?? Buffer.alloc(0))));
      staged.delete(path);
      return created();
    }
    if (request.method === 'PUT' && comp === null) {
      state.blobs.set(path, request.body);
      return created();
    }
    if (request.method === 'GET' && comp === null) {
      const blob = state.blobs.get(path);
      if (!blob) return { status: 404, headers: storageHeaders(), body: 'BlobNotFound' };
      return {
        status: 200,
        headers: { ...storageHeaders(), 'content-type': 'application/zip' },
        body: blob,
      };
    }
    return { status: 400, body: `fake blob storage: unsupported ${request.method} comp=${comp}` };
  };
}
