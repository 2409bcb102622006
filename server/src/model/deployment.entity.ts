import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { DeploymentSource } from '@vigil/shared';
import { ServiceEntity } from './service.entity';
import { Incident } from './incident.entity';

/** One change shipped to one service: what changed, who shipped it, when, and where to read about it. */
@ObjectType()
@Entity('deployment')
@Index('idx_deployment_service_at', ['serviceId', 'deployedAt'])
@Index('uq_deployment_external', ['source', 'externalId'], { unique: true })
export class Deployment {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => ID)
  @Column({ type: 'integer' })
  serviceId: number;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'serviceId', foreignKeyConstraintName: 'fk_deployment_service' })
  service?: ServiceEntity;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  version: string;

  @Field(() => String, {
    nullable: true,
    description: 'What was running before; defaults to the previous recorded version.',
  })
  @Column({ type: 'varchar', length: 200, nullable: true })
  previousVersion: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  deployedBy: string | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  deployedAt: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  link: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  environment: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  summary: string | null;

  @Field(() => DeploymentSource)
  @Column({ type: 'simple-enum', enum: Object.values(DeploymentSource) })
  source: DeploymentSource;

  /** The sender's own id (GitHub deployment id), so a replayed webhook records nothing twice. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** Responder flags behind the rollback rules, one row per incident. */
@Entity('incident_rollback_flags')
export class IncidentRollbackFlags {
  @PrimaryColumn({ type: 'integer' })
  incidentId: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'fk_rollback_flags_incident' })
  incident?: Incident;

  @Column({ type: 'boolean', default: false })
  serviceDown: boolean;

  @Column({ type: 'boolean', default: false })
  dataCorruptionRisk: boolean;

  @Column({ type: 'boolean', default: false })
  securityBreach: boolean;

  /** Hundredths of a percent (1050 = 10.5%): an integer compares exactly on both databases. */
  @Column({ type: 'integer', nullable: true })
  errorRateBasisPoints: number | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
