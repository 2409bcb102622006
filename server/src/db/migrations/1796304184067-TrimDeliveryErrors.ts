import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: a webhook's failure used to be kept as `HTTP <status> <up to 500 characters of the answer's body>`, and
 * any viewer could read it (`notifications { lastError deliveryAttempts { error } }`). The outbound guard now keeps
 * only the status and a classified reason; this cuts the bodies already stored down to the same: `http-<status>`.
 * Other errors (connection refused, skipped channels, lease notes) carry no body and are left as they are.
 */
export class TrimDeliveryErrors1796304184067 implements MigrationInterface {
  name = 'TrimDeliveryErrors1796304184067';

  async up(q: QueryRunner): Promise<void> {
    const sqlite = q.connection.driver.options.type === 'better-sqlite3';
    for (const [table, column] of [
      ['notification', 'lastError'],
      ['notification_attempt', 'error'],
    ]) {
      const trimmed = sqlite
        ? `'http-' || substr(${column}, 6, 3) || ' (response body removed)'`
        : `CONCAT('http-', SUBSTRING(${column}, 6, 3), ' (response body removed)')`;
      await q.query(`UPDATE ${table} SET ${column} = ${trimmed} WHERE ${column} LIKE 'HTTP %'`);
    }
  }

  async down(): Promise<void> {
    // What was cut is gone, on purpose.
  }
}
