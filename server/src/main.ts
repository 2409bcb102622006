import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { seedDemo } from './demo/seed';
import { startServer } from './server';

/** `node dist/main.js [--demo]`: configuration, start, graceful shutdown. */
async function main(): Promise<void> {
  const config = loadConfig(process.env, process.argv.slice(2));
  const server = await startServer(config);
  if (config.demo) {
    const seeded = await seedDemo(server.app);
    console.log(seeded ? `DEMO MODE: seeded ${seeded} demo incidents (demo data, not real).` : 'DEMO MODE: demo data already present.');
  }
  const where = config.databaseUrl ? `${server.app.db.kind} (DATABASE_URL)` : `embedded SQLite at ${config.sqlitePath}`;
  console.log(`Vigil is up: ${config.publicUrl}  (GraphQL ${config.publicUrl}/graphql, database: ${where}, pub/sub: ${config.redisUrl ? 'Redis' : 'in-process'})`);
  const shutdown = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    await server.stop().catch((e) => console.error(e));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  if (e instanceof ConfigError) console.error(`Configuration error: ${e.message}`);
  else console.error('Vigil failed to start:', e);
  process.exit(1);
});
