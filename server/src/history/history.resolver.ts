import { Arg, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { Context } from '../graphql/context';
import { HistoryFormat } from './history.parse';

@ObjectType()
export class HistoryImportResult {
  @Field(() => Int, { description: 'Incidents created by this import.' })
  created: number;

  @Field(() => Int, { description: 'Records imported before (same format and id), left unchanged.' })
  alreadyImported: number;
}

/** Thin: the history service parses and imports in one transaction. */
@Resolver()
export class HistoryResolver {
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
    return ctx.app.history.import(format, content, ctx.actor);
  }
}
