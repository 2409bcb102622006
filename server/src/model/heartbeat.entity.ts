import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Severity } from '@vigil/shared';
import { ServiceEntity } from './service.entity';

export const HeartbeatStatus = { UP: 'UP', DOWN: 'DOWN' } as const;
export type HeartbeatStatus = (typeof HeartbeatStatus)[keyof typeof HeartbeatStatus];

/** A job that must ping Vigil every interval; silence past interval + grace opens an incident for its service. */
@ObjectType('HeartbeatMonitor')
@Entity('heartbeat_monitor')
@Index('uq_heartbeat_key', ['keyHash'], { unique: true })
@Index('uq_heartbeat_service_name', ['serviceId', 'name'], { unique: true })
@Index('idx_heartbeat_due', ['status', 'dueAt'])
export class HeartbeatMonitor {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => ID)
  @Column({ type: 'integer' })
  serviceId: number;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'serviceId', foreignKeyConstraintName: 'fk_heartbeat_service' })
  service?: ServiceEntity;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => Int)
  @Column({ type: 'integer' })
  intervalSeconds: number;

  @Field(() => Int)
  @Column({ type: 'integer' })
  graceSeconds: number;

  @Field(() => Severity, { description: 'Severity of the incident a missed heartbeat opens.' })
  @Column({ type: 'simple-enum', enum: Object.values(Severity) })
  severity: Severity;

  /** sha256 of the ping key, hex; the key (256 random bits) is shown once. */
  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  @Field({ description: 'The first characters of the ping key, to tell keys apart.' })
  @Column({ type: 'varchar', length: 8 })
  keyPrefix: string;

  @Field(() => HeartbeatStatus)
  @Column({ type: 'simple-enum', enum: Object.values(HeartbeatStatus) })
  status: HeartbeatStatus;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastPingAt: Date | null;

  @Field({ description: 'When silence becomes a missed heartbeat: last ping (or creation) + interval + grace.' })
  @Column({ type: 'datetime', precision: 3 })
  dueAt: Date;

  @Field(() => ID, { nullable: true, description: 'The incident the current outage opened, while DOWN.' })
  @Column({ type: 'integer', nullable: true })
  incidentId: number | null;

  /** Conditional updates (`WHERE version = ?`) let exactly one replica fire a missed deadline. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
