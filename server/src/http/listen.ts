import http from 'node:http';
import type { RequestListener } from 'node:http';

/** The HTTP server for the app, with keep-alive longer than any client's or proxy's idle timeout. */
export function createHttpServer(app: RequestListener): http.Server {
  const server = http.createServer(app);
  // The server is never the one closing a reused connection.
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 76_000;
  return server;
}

/** Listens on `port` (0: any free port) and `host`; resolves with the port it got. */
export async function listen(server: http.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}
