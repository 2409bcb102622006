import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { TicketSyncState, TicketTrackerKind } from '@vigil/shared';
import { ActionItem } from './action-item.entity';
import { Team } from './user.entity';

/** The tracker a team's action items become tickets in (issue 21); set by an admin. */
@ObjectType()
@Entity('ticket_tracker')
export class TicketTracker {
  @Field(() => ID)
  @PrimaryColumn({ type: 'integer' })
  teamId: number;

  @ManyToOne(() => Team, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'teamId', foreignKeyConstraintName: 'fk_ticket_tracker_team' })
  team?: Team;

  @Field(() => TicketTrackerKind)
  @Column({ type: 'varchar', length: 20 })
  kind: TicketTrackerKind;

  @Field({ description: 'Where tickets are created: a GitHub repository as owner/name.' })
  @Column({ type: 'varchar', length: 200 })
  repository: string;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/**
 * One action item's ticket: where it goes, the issue once created (its number is written the moment the tracker
 * answers, before anything else, so a retry never creates a second), and how far the sync got.
 */
@Entity('ticket_link')
@Index('uq_ticket_link_item', ['actionItemId'], { unique: true })
@Index('idx_ticket_link_issue', ['repository', 'number'])
export class TicketLink {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  actionItemId: number;

  @ManyToOne(() => ActionItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'actionItemId', foreignKeyConstraintName: 'fk_ticket_link_item' })
  actionItem?: ActionItem;

  @Column({ type: 'varchar', length: 20 })
  kind: TicketTrackerKind;

  @Column({ type: 'varchar', length: 200 })
  repository: string;

  /** The issue number; null until the tracker created it. */
  @Column({ type: 'integer', nullable: true })
  number: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  url: string | null;

  @Column({ type: 'varchar', length: 10 })
  state: TicketSyncState;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** Set before the first create request: an attempt after it looks for the ticket before creating one. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  createTriedAt: Date | null;

  /** The state as last written or heard ('open' / 'closed'): an update that agrees is not sent. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  remoteState: string | null;

  /** The tracker login the issue is assigned to, as last heard. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  remoteAssignee: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  syncedAt: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
