import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { seedDemo } from './demo/seed';
import { startSimulator } from './demo/simulator';
import { isRedisConnectionLoss } from './redis-loss';
import { createLogger } from './observability/logger';
import { startServer } from './server';

/** `node dist/main.js [--demo]`: configuration, start, graceful shutdown. */
async function main(): Promise<void> {
  const config = loadConfig(process.env, process.argv.slice(2));
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, { logger });
  if (config.demo) {
    const seeded = await seedDemo(server.app);
    const access = await server.app.auth.demoAccess(config.auth.adminEmail);
    console.log('');
    console.log('  DEMO MODE: everything you see is generated demo data, not real incidents.');
    console.log(seeded ? `  Seeded ${seeded} demo incidents over the last 90 days.` : '  Demo data already present.');
    console.log(
      `  Sign in:   ${config.publicUrl}/login  as ${access.email} / ${access.password}  (new password every demo start)`,
    );
    console.log(`  NOC wall:  ${config.publicUrl}/wall?token=${access.wallToken}`);
    console.log(`  Status:    ${config.publicUrl}/status  (public, no sign-in)`);
    console.log(
      '  A simulator sends an alert through the real ingestion endpoint every ~40 s and plays the responders.',
    );
    console.log('');
    await startSimulator(server.app, server.url, (m) => logger.info({ component: 'simulator' }, m));
  }
  const where = config.databaseUrl ? `${server.app.db.kind} (DATABASE_URL)` : `embedded SQLite at ${config.sqlitePath}`;
  logger.info(
    `Vigil is up: ${config.publicUrl}  (GraphQL ${config.publicUrl}/graphql, database: ${where}, pub/sub: ${config.redisUrl ? 'Redis' : 'in-process'})`,
  );
  const shutdown = async (signal: string) => {
    logger.info(`${signal}: shutting down (new requests get 503, sockets are told to reconnect elsewhere)`);
    // A balancer or orchestrator waits about 10 s before it kills: finish well inside that, whatever hangs.
    setTimeout(() => {
      logger.error('shutdown took longer than 9.5 s: exiting now');
      process.exit(1);
    }, 9_500).unref();
    await server.stop().catch((e: unknown) => logger.error({ err: e }, 'shutdown failed'));
    process.exit(0);
  };
  // A Redis restart must not take a replica down with it; anything else unhandled still ends the process, as
  // Node would, for the supervisor to restart it.
  process.on('unhandledRejection', (reason) => {
    if (isRedisConnectionLoss(reason)) {
      logger.warn('redis: a command was cut off by the lost connection; carrying on without Redis until it is back');
      return;
    }
    logger.fatal({ err: reason }, 'unhandled rejection');
    process.exit(1);
  });
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  if (e instanceof ConfigError) console.error(`Configuration error: ${e.message}`);
  else console.error('Vigil failed to start:', e);
  process.exit(1);
});
