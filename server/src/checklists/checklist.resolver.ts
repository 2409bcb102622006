import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Context } from '../graphql/context';
import { Incident } from '../model/incident.entity';
import { parseId } from '../graphql/ids';
import { ChecklistCheckInput, ChecklistView, ResolutionView } from './checklist.types';
import { ChecklistService } from './checklist.service';

/** The services ChecklistResolver uses. */
interface ChecklistResolverDeps {
  readonly checklists: ChecklistService;
}

/** Thin: the checklist mutation and the Incident.checklists field. */
@Resolver(() => Incident)
export class ChecklistResolver {
  constructor(private readonly app: ChecklistResolverDeps) {}

  @Mutation(() => Incident, {
    description: 'Check or uncheck a mitigation / resolution-verification item; recorded on the timeline (CHECKLIST).',
  })
  checkChecklistItem(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ChecklistCheckInput) input: ChecklistCheckInput,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.checklists.check(parseId(id), input, ctx.actor);
  }

  @FieldResolver(() => [ChecklistView], {
    description: 'The mitigation and resolution-verification checklists as the timeline records them.',
  })
  checklists(@Root() incident: Incident): Promise<ChecklistView[]> {
    return this.app.checklists.states(incident.id);
  }

  @FieldResolver(() => ResolutionView, {
    nullable: true,
    description:
      'How the resolution was verified (or overridden, or left to do after monitoring resolved it); null while open.',
  })
  resolution(@Root() incident: Incident): Promise<ResolutionView | null> {
    return this.app.checklists.resolution(incident);
  }
}
