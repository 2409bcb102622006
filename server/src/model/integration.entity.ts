import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { IntegrationKind, Severity } from '@vigil/shared';
import { ServiceEntity } from './service.entity';

/** A way for one monitoring system to send alerts for one service, authenticated by its own secret key. */
@ObjectType('Integration')
@Entity('integration')
@Index('uq_integration_key', ['keyHash'], { unique: true })
@Index('idx_integration_service', ['serviceId'])
export class Integration {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => ID)
  @Column({ type: 'integer' })
  serviceId: number;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'serviceId', foreignKeyConstraintName: 'fk_integration_service' })
  service?: ServiceEntity;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => IntegrationKind)
  @Column({ type: 'simple-enum', enum: Object.values(IntegrationKind) })
  kind: IntegrationKind;

  /** sha256 of the key, hex: the key is 128 random bits, so a fast hash is enough and lookups stay indexed. */
  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  @Field({ description: 'The first characters of the key, to tell keys apart; the key itself is shown only once.' })
  @Column({ type: 'varchar', length: 8 })
  keyPrefix: string;

  /** Grafana's HMAC secret is needed in clear to verify signatures. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  hmacSecret: string | null;

  /** Alert severity word (lower case) → P0–P3, over the default mapping. */
  @Column({ type: 'simple-json', nullable: true })
  severityMapping: Record<string, Severity> | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  keyRotatedAt: Date;
}
