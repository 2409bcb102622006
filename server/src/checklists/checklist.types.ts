import { Field, InputType, ObjectType } from 'type-graphql';
import { ChecklistKind } from '@vigil/shared';

// Shapes only; checklist contents and rules live in @vigil/shared (checklists.ts).

@InputType()
export class ChecklistCheckInput {
  @Field(() => ChecklistKind)
  checklist: ChecklistKind;

  @Field({
    description: 'Item key within the checklist, e.g. rollback, restart, health_checks (see Incident.checklists).',
  })
  item: string;

  @Field({ description: 'true to check the item, false to uncheck it.' })
  done: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'What shows it: a dashboard link, a version, a command output (≤ 2000 characters).',
  })
  evidence?: string | null;
}

@ObjectType()
export class ChecklistItemView {
  @Field({ description: 'Stable key to pass to checkChecklistItem.' })
  key: string;

  @Field()
  label: string;

  @Field()
  done: boolean;

  @Field(() => String, { nullable: true })
  evidence: string | null;

  @Field(() => Date, { nullable: true, description: 'When the item was last checked or unchecked.' })
  checkedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who last checked or unchecked it.' })
  checkedBy: string | null;
}

@ObjectType()
export class ChecklistView {
  @Field(() => ChecklistKind)
  kind: ChecklistKind;

  @Field()
  title: string;

  @Field(() => [ChecklistItemView])
  items: ChecklistItemView[];

  @Field({ description: 'Every item is done.' })
  complete: boolean;
}

@ObjectType({ description: "How the incident's (latest) resolution was verified." })
export class ResolutionView {
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Every verification item was checked when it was resolved; null for a resolution recorded before verification was required.',
  })
  verified: boolean | null;

  @Field({ description: 'Monitoring resolved it (its alerts cleared, a heartbeat came back), not a person.' })
  byMonitoring: boolean;

  @Field(() => String, { nullable: true, description: 'Why a person resolved it without the checklist complete.' })
  overrideReason: string | null;

  @Field(() => [String], { description: 'Labels of the verification items not checked when it was resolved.' })
  missing: string[];

  @Field({ description: 'One line for people and the post-mortem.' })
  summary: string;

  @Field()
  resolvedBy: string;

  @Field()
  at: Date;
}
