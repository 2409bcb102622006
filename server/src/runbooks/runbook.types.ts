import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { RunbookAction } from '@vigil/shared';

@InputType()
export class RunRunbookActionInput {
  @Field(() => RunbookAction)
  action: RunbookAction;

  @Field(() => ID, {
    nullable: true,
    description: 'Which affected service; needed when the incident affects more than one.',
  })
  serviceId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Another deployment than the service's default: only one the runbook file lists in allowedDeployments.",
  })
  deployment?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Another namespace than the service's default: only one the runbook file lists in allowedNamespaces.",
  })
  namespace?: string | null;

  @Field({ description: 'Must be true: the caller confirms they mean to run it.' })
  confirm: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Record exactly what would run, and run nothing.' })
  dryRun?: boolean | null;
}

@ObjectType({ description: 'One step of a configured action: a program and its arguments, never a shell line.' })
export class RunbookStepView {
  @Field()
  name: string;

  @Field(() => [String], {
    description: 'argv; {service}, {deployment} and {namespace} are substituted when run. Empty for a webhook step.',
  })
  command: string[];

  @Field(() => String, {
    nullable: true,
    description: 'A webhook step POSTs the action and parameters here (headers are not shown).',
  })
  webhookUrl: string | null;

  @Field(() => Int)
  timeoutSeconds: number;
}

@ObjectType({
  description: 'An action from the server configuration file (VIGIL_RUNBOOKS_FILE); read-only through the API.',
})
export class RunbookActionView {
  @Field(() => RunbookAction)
  action: RunbookAction;

  @Field(() => [RunbookStepView])
  steps: RunbookStepView[];
}

@ObjectType()
export class PlannedStepView {
  @Field()
  name: string;

  @Field(() => [String], {
    description: 'Exactly the argv that runs (or would run, on a dry run). Empty for a webhook step.',
  })
  argv: string[];

  @Field(() => String, { nullable: true })
  webhookUrl: string | null;

  @Field(() => Int)
  timeoutSeconds: number;
}

@ObjectType({ description: 'A started (or dry-run) action; its progress is on the incident timeline.' })
export class RunbookRunView {
  @Field()
  runId: string;

  @Field(() => ID)
  incidentId: number;

  @Field()
  serviceName: string;

  @Field(() => RunbookAction)
  action: RunbookAction;

  @Field()
  dryRun: boolean;

  @Field(() => [PlannedStepView])
  steps: PlannedStepView[];
}
