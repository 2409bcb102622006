import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { IncidentRole } from '@vigil/shared';
import { Incident } from './incident.entity';
import { User } from './user.entity';

/** Who holds one role on one incident now; a vacant role has no row. */
@ObjectType('IncidentRoleHolder')
@Entity('incident_role')
@Index('uq_incident_role', ['incidentId', 'role'], { unique: true })
@Index('idx_incident_role_user', ['userId'])
export class IncidentRoleHolder {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  incidentId: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'fk_incident_role_incident' })
  incident?: Incident;

  @Field(() => IncidentRole)
  @Column({ type: 'simple-enum', enum: Object.values(IncidentRole) })
  role: IncidentRole;

  @Column({ type: 'integer' })
  userId: number;

  @Field(() => User)
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_incident_role_user' })
  user?: User;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  since: Date;
}
