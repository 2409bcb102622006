import { Field, ObjectType } from 'type-graphql';
import { User } from '../model/user.entity';

/** A stretch of time with the same people on call. */
@ObjectType()
export class OnCallShift {
  @Field({ description: 'When this set of people came on call (the last hand-off or override edge that changed it).' })
  start: Date;

  @Field({ description: 'When the next hand-off changes who is on call.' })
  end: Date;

  @Field(() => [User])
  users: User[];
}
