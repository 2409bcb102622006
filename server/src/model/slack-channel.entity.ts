import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Incident } from './incident.entity';

/**
 * An incident's own Slack channel (VIGIL_SLACK_INCIDENT_CHANNELS). The row is claimed with its name before Slack is
 * asked, so every replica and every retry creates the same name; the channel id is kept once Slack answered.
 */
@Entity('slack_incident_channel')
export class SlackIncidentChannel {
  @PrimaryColumn({ type: 'integer' })
  incidentId: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'fk_slack_incident_channel_incident' })
  incident?: Incident;

  /** `inc-<id>-<slug>`, from the title when the first message for the channel was queued. */
  @Column({ type: 'varchar', length: 80 })
  name: string;

  /** Slack's id for it; null until conversations.create (or the lookup after name_taken) answered. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  channelId: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
