import { Arg, Ctx, Field, Int, Mutation, ObjectType, Resolver, registerEnumType } from 'type-graphql';
import { Context } from '../graphql/context';
import { HistoryFormat } from './history.parse';
import { HistoryImportService } from './history.service';

registerEnumType(HistoryFormat, {
  name: 'HistoryFormat',
  description: 'PAGERDUTY_CSV (incidents CSV export) or JSON (Vigil history format).',
});

@ObjectType()
export class HistoryImportResult {
  @Field(() => Int, { description: 'Incidents created by this import.' })
  created: number;

  @Field(() => Int, { description: 'Records imported before (same format and id), left unchanged.' })
  alreadyImported: number;
}

/** The services HistoryResolver uses. */
interface HistoryResolverDeps {
  readonly history: HistoryImportService;
}

/** Thin: the history service parses and imports in one transaction. */
@Resolver()
export class HistoryResolver {
  constructor(private readonly app: HistoryResolverDeps) {}

  @Mutation(() => HistoryImportResult, {
    description:
      'Imports past incidents with their original timestamps from a PagerDuty incidents CSV export or Vigil JSON ' +
      '(`{"incidents":[{"externalId","title","severity","detectedAt","acknowledgedAt","mitigatedAt","resolvedAt","services"}]}`). ' +
      'Idempotent per (format, id). At most 200,000 characters and 10,000 incidents per call; a bad row rejects the whole file.',
  })
  importIncidentHistory(
    @Arg('format', () => HistoryFormat) format: HistoryFormat,
    @Arg('content', () => String, { description: 'The file content as text.' }) content: string,
    @Ctx() ctx: Context,
  ): Promise<HistoryImportResult> {
    return this.app.history.import(format, content, ctx.actor);
  }
}
