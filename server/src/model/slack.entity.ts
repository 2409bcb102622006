import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A Slack request signature already accepted: a second request with it inside the 5-minute window is a replay.
 * In the database, not memory, so every replica refuses what another one already served.
 */
@Entity('slack_request_seen')
@Index('uq_slack_request_signature', ['signature'], { unique: true })
@Index('idx_slack_request_seen_at', ['seenAt'])
export class SlackRequestSeen {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  signature: string;

  @Column({ type: 'datetime', precision: 3 })
  seenAt: Date;
}
