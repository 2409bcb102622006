import DataLoader from 'dataloader';
import { EntityManager, In } from 'typeorm';
import {
  Actor,
  Clock,
  Publication,
  Severity,
  componentStateLabel,
  defaultPublication,
  publicImpact,
  publicIncidentTitle,
  publicationAfterSeverityChange,
  validatePublicationInput,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { UnitOfWork, Units } from '../db/unit-of-work';
import { Topic } from '../pubsub/pubsub';
import { Incident } from '../model/incident.entity';
import { IncidentReaction, IncidentService } from '../incidents';
import { IncidentPublication } from '../model/publication.entity';

/** Told inside the unit of work when a responder publishes an incident (status page subscribers). */
export type PublicationListener = (uow: UnitOfWork, incident: Incident) => Promise<void>;

/** What a responder publishes: a public title (null: the neutral one) and an impact (null: the severity's). */
export interface PublishInput {
  title?: string | null;
  impact?: string | null;
}

/**
 * Whether each incident is on the public status page (issue 20): the default by severity when it is declared or
 * its severity changes, a responder's decision when one publishes or unpublishes it. Every change is a line on the
 * incident's timeline and a rebuild of the public page.
 */
export class PublicationService {
  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly incidents: IncidentService,
    /** The least severe severity published without a decision (VIGIL_STATUS_PUBLISH_UP_TO); null: none is. */
    private readonly autoPublishUpTo: Severity | null,
    /** Called after a commit that changed what the page shows (the status page rebuilds). */
    private readonly onChanged: () => void,
    private readonly onPublished: PublicationListener = async () => undefined,
  ) {}

  /** The reaction: a new incident gets its default publication; a severity change moves a default one. */
  readonly decideOnChange: IncidentReaction = {
    name: 'statusPage.publication',
    react: async (change) => {
      const { incident, before, uow, now } = change;
      if (!before) {
        const publication = defaultPublication(incident.severity, {
          autoPublishUpTo: this.autoPublishUpTo,
          inMaintenance: change.quiet,
        });
        await this.write(uow.manager, incident.id, publication, now, null);
        return;
      }
      if (before.severity === incident.severity) return;
      const current = await this.current(uow.manager, incident);
      const next = publicationAfterSeverityChange(current, incident.severity, this.autoPublishUpTo);
      if (next.state === current.state) return;
      await this.write(uow.manager, incident.id, next, now, null);
      const written = await this.incidents.appendEvents(
        uow,
        incident.id,
        { kind: 'SYSTEM', name: 'Vigil', userId: null, role: 'RESPONDER' },
        now,
        [
          {
            type: 'PUBLICATION_CHANGED',
            message: `Published on the status page: ${incident.severity} incidents are published unless a responder decides otherwise.`,
            data: { state: next.state, decidedBy: next.decidedBy },
          },
        ],
      );
      change.events.push(...written);
    },
  };

  /** A responder puts the incident on the public page, with a public title and impact of their choosing. */
  publish(incidentId: number, input: PublishInput, actor: Actor): Promise<Incident> {
    const { title, impact } = validatePublicationInput(input);
    return this.decide(incidentId, actor, { state: 'PUBLISHED', decidedBy: 'RESPONDER', title, impact });
  }

  /** A responder takes the incident off the public page and its feeds; the timeline keeps the line. */
  unpublish(incidentId: number, actor: Actor): Promise<Incident> {
    return this.decide(incidentId, actor, { state: 'UNPUBLISHED', decidedBy: 'RESPONDER', title: null, impact: null });
  }

  /** Incidents' publications for GraphQL reads: calls in the same tick share one read. */
  of(incident: Incident): Promise<Publication> {
    return this.loader.load(incident.id).then((row) => row ?? this.missing(incident));
  }

  /** The public title the page shows for a published incident. */
  static publicTitle(publication: Publication, severity: Severity, components: readonly string[]): string {
    return publication.title ?? publicIncidentTitle(publicImpact(publication, severity), components);
  }

  private readonly loader = new DataLoader<number, Publication | null>(
    async (ids) => {
      const rows = await this.db.dataSource.getRepository(IncidentPublication).findBy({ incidentId: In([...ids]) });
      const byId = new Map(rows.map((r) => [r.incidentId, r]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { cache: false, maxBatchSize: 1_000 },
  );

  private async decide(incidentId: number, actor: Actor, next: Publication): Promise<Incident> {
    return this.units.run(async (uow: UnitOfWork) => {
      const m = uow.manager;
      const incident = await this.incidents.loadIn(m, incidentId);
      const now = this.clock.now();
      await this.write(m, incidentId, next, now, actor.userId);
      const impact = publicImpact(next, incident.severity);
      const title = PublicationService.publicTitle(
        next,
        incident.severity,
        (incident.services ?? []).map((s) => s.name),
      );
      const message =
        next.state === 'PUBLISHED'
          ? `Published on the status page as "${title}" (${componentStateLabel(impact).toLowerCase()})`
          : 'Taken off the status page: the public page and its feeds no longer show this incident';
      await this.incidents.appendEvents(uow, incidentId, actor, now, [
        {
          type: 'PUBLICATION_CHANGED',
          message,
          data: { state: next.state, decidedBy: next.decidedBy, title: next.title, impact: next.impact },
        },
      ]);
      if (next.state === 'PUBLISHED') await this.onPublished(uow, incident);
      uow.publish(Topic.PUBLIC_STATUS_CHANGED, { at: now.toISOString() });
      uow.afterCommit(() => this.onChanged());
      this.incidents.changed(uow, incident);
      return incident;
    });
  }

  private async current(m: EntityManager, incident: Incident): Promise<Publication> {
    return (await m.findOneBy(IncidentPublication, { incidentId: incident.id })) ?? this.missing(incident);
  }

  /** An incident without a row (imported history): the default for its severity. */
  private missing(incident: Incident): Publication {
    return defaultPublication(incident.severity, { autoPublishUpTo: this.autoPublishUpTo, inMaintenance: false });
  }

  private async write(
    m: EntityManager,
    incidentId: number,
    publication: Publication,
    at: Date,
    decidedById: number | null,
  ): Promise<void> {
    await m.upsert(
      IncidentPublication,
      {
        incidentId,
        state: publication.state,
        decidedBy: publication.decidedBy,
        title: publication.title,
        impact: publication.impact,
        decidedAt: at,
        decidedById,
      },
      ['incidentId'],
    );
  }
}
