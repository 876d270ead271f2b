import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** A running local web server. */
export interface StaticServer {
  /** Its origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves directories over HTTP on 127.0.0.1 at a free port: URL prefix
 * `/wasm/` of `{ '/wasm/': dir }` maps to files in `dir`; a path ending in
 * '/' serves its `index.html`. With `isolated`, every response carries the
 * COOP/COEP headers that make a page cross-origin isolated, which the
 * threaded wasm backend needs (SharedArrayBuffer).
 *
 * @param mounts URL prefix (starting and ending with '/') to directory; longest prefix wins.
 * @param options `isolated`: send COOP/COEP. Default false.
 */
export async function serveStatic(
  mounts: Record<string, string>,
  { isolated = false }: { isolated?: boolean } = {},
): Promise<StaticServer> {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://local').pathname);
    const prefix = prefixes.find((candidate) => pathname.startsWith(candidate));
    const relative = prefix === undefined ? undefined : normalize(pathname.slice(prefix.length));
    if (prefix === undefined || relative === undefined || relative.startsWith('..')) {
      response.writeHead(404).end();
      return;
    }
    let file = join(mounts[prefix], relative);
    if (pathname.endsWith('/')) file = join(file, 'index.html');
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      response.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    };
    if (isolated) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    response.writeHead(200, headers);
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
