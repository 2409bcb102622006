import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AlertStatus, Severity } from '@vigil/shared';
import { Incident } from './incident.entity';
import { Integration } from './integration.entity';

/**
 * One alert from one integration, identified by its dedup key. At most one alert per (integration, key) is open:
 * `openMarker` is 1 while open and NULL once resolved, and NULLs never collide in the unique index, so the
 * database itself refuses a second open alert, on SQLite and MariaDB alike, across any number of processes.
 */
@ObjectType()
@Entity('alert')
@Index('uq_alert_open', ['integrationId', 'dedupKey', 'openMarker'], { unique: true })
@Index('idx_alert_incident', ['incidentId'])
@Index('idx_alert_group', ['integrationId', 'groupKey'])
export class Alert {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => ID)
  @Column({ type: 'integer' })
  integrationId: number;

  @ManyToOne(() => Integration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'integrationId', foreignKeyConstraintName: 'fk_alert_integration' })
  integration?: Integration;

  /** Null only for the instant between the alert's insert and its incident's declaration, in one transaction. */
  @Field(() => ID, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  incidentId: number | null;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'fk_alert_incident' })
  incident?: Incident;

  @Field()
  @Column({ type: 'varchar', length: 255 })
  dedupKey: string;

  @Column({ type: 'integer', nullable: true })
  openMarker: number | null;

  /** Alertmanager/Grafana group: new alerts of a group with an open incident join it. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  groupKey: string | null;

  @Field(() => AlertStatus)
  @Column({ type: 'simple-enum', enum: Object.values(AlertStatus) })
  status: AlertStatus;

  @Field()
  @Column({ type: 'varchar', length: 1024 })
  summary: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  source: string | null;

  @Field(() => Severity, { description: 'The incident severity this alert mapped to.' })
  @Column({ type: 'simple-enum', enum: Object.values(Severity) })
  severity: Severity;

  @Field(() => String, { nullable: true, description: "The sender's own severity word." })
  @Column({ type: 'varchar', length: 40, nullable: true })
  alertSeverity: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @Column({ type: 'simple-json', nullable: true })
  details: Record<string, unknown> | null;

  @Field(() => Int, { description: 'How many times the sender triggered it while open.' })
  @Column({ type: 'integer', default: 1 })
  triggerCount: number;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  lastEventAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  resolvedAt: Date | null;

  /** When the sender last triggered it (a repeat replaces `details` with what it says now); null: only at createdAt. */
  @Field(() => Date, {
    nullable: true,
    description:
      'When the sender last triggered it; its details are from that firing. Null: it fired once, at createdAt.',
  })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastTriggeredAt: Date | null;
}
