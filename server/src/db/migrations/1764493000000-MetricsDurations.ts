import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

const DURATIONS = [
  ['acknowledgeMs', 'acknowledgedAt'],
  ['mitigateMs', 'mitigatedAt'],
  ['resolveMs', 'resolvedAt'],
] as const;
const OLD_INDEX = [
  'detectedAt',
  'severity',
  'acknowledgedAt',
  'mitigatedAt',
  'resolvedAt',
  'acknowledgeBy',
  'resolveBy',
];

/**
 * MTTA/MTTR over a million incidents: each incident stores its three durations (written with the times, see
 * domain metricDurations), and the metrics covering index leads with severity, because the wall charts one
 * severity per query and with detectedAt first each of them read every severity's incidents of the period.
 */
export class MetricsDurations1764493000000 implements MigrationInterface {
  name = 'MetricsDurations1764493000000';

  async up(q: QueryRunner): Promise<void> {
    const sqlite = q.connection.driver.options.type === 'better-sqlite3';
    // One call: SQLite rebuilds the table for every added column.
    await q.addColumns(
      'incident',
      DURATIONS.map(([name]) => new TableColumn({ name, type: 'double', isNullable: true })),
    );
    for (const [column, time] of DURATIONS) {
      // Existing incidents: the same millisecond difference the metrics SQL used to compute on the fly.
      const ms = sqlite
        ? `CAST(ROUND((julianday("${time}") - julianday("detectedAt")) * 86400000) AS INTEGER)`
        : `TIMESTAMPDIFF(MICROSECOND, \`detectedAt\`, \`${time}\`) DIV 1000`;
      await q.query(
        `UPDATE incident SET ${sqlite ? `"${column}"` : `\`${column}\``} = ${ms} WHERE ${sqlite ? `"${time}"` : `\`${time}\``} IS NOT NULL`,
      );
    }
    await q.createIndex(
      'incident',
      new TableIndex({
        name: 'idx_incident_severity_metrics',
        columnNames: [
          'severity',
          'detectedAt',
          'acknowledgeMs',
          'mitigateMs',
          'resolveMs',
          'acknowledgedAt',
          'resolvedAt',
          'acknowledgeBy',
          'resolveBy',
        ],
      }),
    );
    await q.dropIndex('incident', 'idx_incident_metrics');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('incident', new TableIndex({ name: 'idx_incident_metrics', columnNames: OLD_INDEX }));
    await q.dropIndex('incident', 'idx_incident_severity_metrics');
    await q.dropColumns(
      'incident',
      DURATIONS.map(([name]) => name),
    );
  }
}
