import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ActionLinkAction } from '@vigil/shared';

/** A secret the server generated once and keeps in the database, so every replica signs and verifies alike. */
@Entity('server_secret')
@Index('uq_server_secret_name', ['name'], { unique: true })
export class ServerSecret {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 128 })
  value: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** An emailed action link that was used: the unique key makes every link work once, across replicas. */
@Entity('used_action_link')
@Index('uq_used_action_link', ['linkHash'], { unique: true })
export class UsedActionLink {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** sha256 of the link's signed claims, hex. */
  @Column({ type: 'varchar', length: 64 })
  linkHash: string;

  @Column({ type: 'simple-enum', enum: Object.values(ActionLinkAction) })
  action: ActionLinkAction;

  @Column({ type: 'integer' })
  incidentId: number;

  @Column({ type: 'integer' })
  userId: number;

  @Column({ type: 'datetime', precision: 3 })
  usedAt: Date;
}
