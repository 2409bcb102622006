import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { IncidentSource, IncidentStatus, PublicStatus, Severity } from '@vigil/shared';
import { ServiceEntity } from './service.entity';
import { User } from './user.entity';

/** An incident's stored state. Rules about it live in @vigil/shared; this class only maps columns. */
@ObjectType()
@Entity('incident')
@Index('idx_incident_detected', ['detectedAt', 'id'])
@Index('idx_incident_status_severity', ['status', 'severity'])
@Index('idx_incident_primary_service', ['primaryServiceId'])
// Covers every column the MTTA/MTTR queries read, led by severity then detectedAt: each severity's chart reads one
// range of its own incidents, with no row lookups.
@Index('idx_incident_severity_metrics', [
  'severity',
  'detectedAt',
  'acknowledgeMs',
  'mitigateMs',
  'resolveMs',
  'acknowledgedAt',
  'resolvedAt',
  'acknowledgeBy',
  'resolveBy',
])
export class Incident {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Field(() => Severity)
  @Column({ type: 'simple-enum', enum: Object.values(Severity) })
  severity: Severity;

  @Field(() => IncidentStatus)
  @Column({ type: 'simple-enum', enum: Object.values(IncidentStatus) })
  status: IncidentStatus;

  @Field(() => IncidentSource)
  @Column({ type: 'simple-enum', enum: Object.values(IncidentSource) })
  source: IncidentSource;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  detectedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  mitigatedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  resolvedAt: Date | null;

  /**
   * Milliseconds from detectedAt to each time (domain metricDurations), written with the times: the metrics
   * queries sort and sum these numbers instead of computing a date difference per incident per query. `double`
   * holds every integer up to 2^53 exactly on both databases (bigint would read back as a string on MariaDB).
   */
  @Column({ type: 'double', nullable: true })
  acknowledgeMs: number | null;

  @Column({ type: 'double', nullable: true })
  mitigateMs: number | null;

  @Column({ type: 'double', nullable: true })
  resolveMs: number | null;

  /** Denormalised from severity + detectedAt (domain sla.ts) so SQL can sort and aggregate by deadline. */
  @Field()
  @Column({ type: 'datetime', precision: 3 })
  acknowledgeBy: Date;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  resolveBy: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastStatusUpdateAt: Date | null;

  /** The status page word of the last update with a public text; null before any. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  publishedStatus: PublicStatus | null;

  @Column({ type: 'integer', nullable: true })
  commanderId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'commanderId', foreignKeyConstraintName: 'fk_incident_commander' })
  commander?: User | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  /** Optimistic lock: every write is `WHERE id = ? AND version = ?`. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  /** The service whose escalation policy the incident follows: the first one named, or the alert's (issue 16). */
  @Column({ type: 'integer', nullable: true })
  primaryServiceId: number | null;

  @ManyToOne(() => ServiceEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'primaryServiceId', foreignKeyConstraintName: 'fk_incident_primary_service' })
  primaryService?: ServiceEntity | null;

  @ManyToMany(() => ServiceEntity)
  @JoinTable({
    name: 'incident_service',
    joinColumn: {
      name: 'incidentId',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_incident_service_incident',
    },
    inverseJoinColumn: {
      name: 'serviceId',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_incident_service_service',
    },
  })
  services?: ServiceEntity[];
}
