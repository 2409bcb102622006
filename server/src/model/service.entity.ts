import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EscalationPolicy } from './escalation.entity';
import { Team } from './user.entity';

/** Something that can break: a component on the status page, a target for alerts and deployments. */
@ObjectType('Service')
@Entity('service')
@Index('uq_service_name', ['name'], { unique: true })
@Index('idx_service_team', ['teamId'])
@Index('idx_service_escalation_policy', ['escalationPolicyId'])
export class ServiceEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  /** The owning team (issue 7); null when no team owns it. Team-scoped roles apply through it. */
  @Column({ type: 'integer', nullable: true })
  teamId: number | null;

  @ManyToOne(() => Team, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'teamId', foreignKeyConstraintName: 'fk_service_team' })
  team?: Team | null;

  /** The escalation policy this service's incidents follow (issue 16); null: its team's, else the global default. */
  @Column({ type: 'integer', nullable: true })
  escalationPolicyId: number | null;

  @ManyToOne(() => EscalationPolicy, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'escalationPolicyId', foreignKeyConstraintName: 'fk_service_escalation_policy' })
  escalationPolicy?: EscalationPolicy | null;
}
