import { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * The caller's address as Express's `req.ip` works it out (proxy-addr, with the same VIGIL_TRUST_PROXY setting), for
 * requests Express does not see: the WebSocket upgrade. So a caller's limits count against the same address over
 * HTTP and WebSocket, behind a proxy too.
 */
export function clientAddress(trustProxy: false | number | string): (req: IncomingMessage) => string | null {
  const trust: (address: string, hop: number) => boolean =
    trustProxy === false
      ? () => false
      : typeof trustProxy === 'number'
        ? (_address, hop) => hop < trustProxy
        : proxyaddr.compile(trustProxy.split(',').map((s) => s.trim()));
  return (req) => {
    if (!req.socket.remoteAddress) return null;
    return proxyaddr(req, trust);
  };
}
