import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Action-item completion: DONE / (all − WONT_DO).' })
export class ActionItemCompletion {
  @Field(() => Int)
  total: number;

  @Field(() => Int)
  done: number;

  @Field(() => Int)
  wontDo: number;

  @Field(() => Int, { description: 'OPEN or IN_PROGRESS.' })
  open: number;

  @Field(() => Float, { nullable: true, description: '0–1; null when there is nothing to complete.' })
  rate: number | null;
}
