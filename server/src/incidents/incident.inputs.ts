import { Field, ID, InputType, Int } from 'type-graphql';
import { IncidentSource, IncidentStatus, PublicStatus, Severity } from '@vigil/shared';

// Shapes only. Rules (lengths, existence, transitions) are checked once, in the service, for every caller.

@InputType()
export class DeclareIncidentInput {
  @Field({ description: 'Short description, 1–200 characters.' })
  title: string;

  @Field(() => Severity)
  severity: Severity;

  @Field(() => IncidentSource, { defaultValue: IncidentSource.INTERNAL_DISCOVERY })
  source: IncidentSource;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Names of affected services from the catalog; the first is the primary service, whose escalation policy pages.',
  })
  services?: string[] | null;

  @Field(() => Date, { nullable: true, description: 'When the problem started, if before now (user reports).' })
  detectedAt?: Date | null;
}

@InputType()
export class TransitionIncidentInput {
  @Field(() => IncidentStatus)
  to: IncidentStatus;

  @Field(() => String, {
    nullable: true,
    description: 'For the timeline. Moving a RESOLVED incident back (a reopen) needs it: the reason.',
  })
  note?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "To RESOLVED only: as resolveIncident's overrideReason, when the resolution-verification checklist is incomplete.",
  })
  overrideReason?: string | null;
}

@InputType()
export class ChangeSeverityInput {
  @Field(() => Severity)
  severity: Severity;

  @Field({ description: 'Why the severity changed; required, goes on the timeline.' })
  reason: string;
}

@InputType()
export class TimelineNoteInput {
  @Field()
  message: string;
}

@InputType()
export class ResolveIncidentInput {
  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Resolve although the resolution-verification checklist is incomplete, saying why (1–2000 characters; on the timeline and in the post-mortem). Not needed, and not recorded, when the checklist is complete.',
  })
  overrideReason?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'What customers read on the status page, as the Resolved update; empty: "This incident has been resolved."',
  })
  publicMessage?: string | null;
}

@InputType()
export class ReopenIncidentInput {
  @Field()
  reason: string;
}

@InputType()
export class IncidentFilter {
  @Field(() => [IncidentStatus], { nullable: true })
  status?: IncidentStatus[] | null;

  @Field(() => [Severity], { nullable: true })
  severity?: Severity[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: everything not RESOLVED; false: only RESOLVED.' })
  open?: boolean | null;

  @Field(() => [ID], { nullable: true, description: 'Only incidents with a service owned by one of these teams.' })
  teamIds?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only incidents affecting one of these services (an empty list matches nothing).',
  })
  serviceIds?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "true: only incidents with a service owned by one of the caller's teams (with teamIds: those of the listed teams that are the caller's).",
  })
  mine?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: incidents of the caller's teams first, then the rest; each part newest detection first.",
  })
  myTeamsFirst?: boolean | null;
}

@InputType()
export class PageInput {
  @Field(() => Int, { defaultValue: 50, description: '1–200.' })
  first: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@InputType()
export class StatusUpdateInput {
  @Field(() => PublicStatus, {
    description:
      'The status page word: Investigating, Identified (while open), Monitoring (once mitigated), Resolved (once resolved, and then only Resolved).',
  })
  publicStatus: PublicStatus;

  @Field(() => String, { nullable: true, description: 'For responders only.' })
  internalMessage?: string | null;

  @Field(() => String, { nullable: true, description: 'Shown on the public status page.' })
  publicMessage?: string | null;
}
