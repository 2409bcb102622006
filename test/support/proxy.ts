import net from 'node:net';

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
  /** One side ended while the link was cut: the other hears of it only when the link returns. */
  ended: boolean;
}

/**
 * A TCP proxy in front of a server that can lose the link the way a network does: `cut()` stops forwarding in both
 * directions and holds every socket (no FIN, no RST, new connections accepted and left hanging), so neither end is
 * told anything; `restore()` forwards again, what was held included.
 */
export class BlackholeProxy {
  private readonly pairs = new Set<Pair>();
  private cutOff = false;

  private constructor(
    private readonly server: net.Server,
    private readonly target: { host: string; port: number },
  ) {}

  /** Listens on `port` (0: any) and forwards to `target`. */
  static async start(target: { host?: string; port: number }, port = 0): Promise<BlackholeProxy> {
    const server = net.createServer();
    const proxy = new BlackholeProxy(server, { host: target.host ?? '127.0.0.1', port: target.port });
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops forwarding and holds everything, open connections and new ones. */
  cut(): void {
    this.cutOff = true;
    for (const pair of this.pairs) {
      if (pair.upstream) {
        pair.client.unpipe(pair.upstream);
        pair.upstream.unpipe(pair.client);
        pair.upstream.pause();
      }
      pair.client.pause();
    }
  }

  /** Forwards again: held bytes flow, held connections reach the server, held closes are passed on. */
  restore(): void {
    this.cutOff = false;
    for (const pair of [...this.pairs]) {
      if (pair.ended) this.drop(pair);
      else this.join(pair);
    }
  }

  async close(): Promise<void> {
    for (const pair of [...this.pairs]) this.drop(pair);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    const pair: Pair = { client, upstream: null, ended: false };
    this.pairs.add(pair);
    // Errors and closes end the pair, but while the link is cut the other side must not hear of it.
    client.on('error', () => this.ended(pair));
    client.on('close', () => this.ended(pair));
    if (this.cutOff) client.pause();
    else this.join(pair);
  }

  private join(pair: Pair): void {
    if (!pair.upstream) {
      const upstream = net.connect(this.target.port, this.target.host);
      upstream.on('error', () => this.ended(pair));
      upstream.on('close', () => this.ended(pair));
      pair.upstream = upstream;
    }
    pair.client.pipe(pair.upstream);
    pair.upstream.pipe(pair.client);
  }

  private ended(pair: Pair): void {
    if (this.cutOff) pair.ended = true;
    else this.drop(pair);
  }

  private drop(pair: Pair): void {
    this.pairs.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  }
}
