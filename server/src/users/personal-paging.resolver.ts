import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Resolver,
  Root,
  registerEnumType,
} from 'type-graphql';
import { Urgency } from '@vigil/shared';
import { Context } from '../graphql/context';
import { parseId } from '../graphql/ids';
import { Notification } from '../model/notification.entity';
import { MethodWithNote, ContactVerification } from './contact-verification.service';
import { RuleUrgency } from '../model/notification-rule.entity';
import { ContactMethod, User } from '../model/user.entity';
import { NotificationRulesService } from './notification-rules.service';
import { NotificationService } from '../notify';

registerEnumType(RuleUrgency, {
  name: 'Urgency',
  description: 'HIGH: P0 and P1 pages; LOW: P2 (and P3 when paged by hand).',
});

@InputType()
export class NotificationStepInput {
  @Field(() => ID) contactMethodId: string;
  @Field(() => Int, { description: 'Minutes after the page; 0 to 1440.' }) delayMinutes: number;
}

@ObjectType()
export class NotificationStep {
  @Field(() => ID) contactMethodId: number;
  @Field(() => Int) delayMinutes: number;
}

/** Whether the caller may see a person's paging settings: themselves, or an admin (who may not change them). */
const mayRead = (ctx: Context, userId: number) => ctx.actor.userId === userId || ctx.actor.role === 'ADMIN';

/** The services PersonalPagingResolver uses. */
interface PersonalPagingResolverDeps {
  readonly contactVerification: ContactVerification;
  readonly notificationRules: NotificationRulesService;
  readonly notifications: NotificationService;
}

/** A person's own paging: verifying methods, test pages, notification rules, and what reached them. */
@Resolver(() => User)
export class PersonalPagingResolver {
  constructor(private readonly app: PersonalPagingResolverDeps) {}

  @Mutation(() => ContactMethod, { description: 'Enters the code sent to one of your contact methods.' })
  verifyContactMethod(
    @Arg('id', () => ID) id: string,
    @Arg('code') code: string,
    @Ctx() ctx: Context,
  ): Promise<ContactMethod> {
    return this.app.contactVerification.verify(parseId(id), code, ctx.actor);
  }

  @Mutation(() => ContactMethod, { description: 'Sends a new code to one of your unverified contact methods.' })
  resendVerificationCode(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<MethodWithNote> {
    return this.app.contactVerification.resend(parseId(id), ctx.actor);
  }

  @Mutation(() => Notification, { description: 'Pages yourself on one of your verified contact methods.' })
  sendTestPage(@Arg('contactMethodId', () => ID) id: string, @Ctx() ctx: Context): Promise<Notification> {
    return this.app.contactVerification.testPage(parseId(id, 'contactMethodId'), ctx.actor);
  }

  @Mutation(() => [NotificationStep], {
    description: 'Replaces your steps for one urgency; an empty list means every verified method at once.',
  })
  async setNotificationRules(
    @Arg('urgency', () => RuleUrgency) urgency: Urgency,
    @Arg('steps', () => [NotificationStepInput]) steps: NotificationStepInput[],
    @Ctx() ctx: Context,
  ): Promise<NotificationStep[]> {
    return this.app.notificationRules.set(
      ctx.actor,
      urgency,
      steps.map((s, i) => ({
        contactMethodId: parseId(s.contactMethodId, `steps.${i}.contactMethodId`),
        delayMinutes: s.delayMinutes,
      })),
    );
  }

  @FieldResolver(() => [NotificationStep], {
    description: 'The steps of a page of this urgency; yours, or anyone’s for an admin (read-only); empty otherwise.',
  })
  async notificationRules(
    @Root() user: User,
    @Arg('urgency', () => RuleUrgency) urgency: Urgency,
    @Ctx() ctx: Context,
  ): Promise<NotificationStep[]> {
    if (!mayRead(ctx, user.id)) return [];
    return this.app.notificationRules.steps(user.id, urgency);
  }

  @FieldResolver(() => [Notification], {
    description: 'What was sent to this person, newest first, skipped steps with their reason; yours or an admin’s.',
  })
  async notifications(
    @Root() user: User,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit: number,
    @Ctx() ctx: Context,
  ): Promise<Notification[]> {
    if (!mayRead(ctx, user.id)) return [];
    return this.app.notifications.forUser(user.id, Math.max(1, Math.min(limit, 100)));
  }
}

/** The services ContactMethodResolver uses. */
interface ContactMethodResolverDeps {
  readonly contactVerification: ContactVerification;
}

@Resolver(() => ContactMethod)
export class ContactMethodResolver {
  constructor(private readonly app: ContactMethodResolverDeps) {}

  @FieldResolver(() => Boolean, {
    description:
      'Only verified methods are paged. With the Slack bot, a SLACK member id counts once a code sent to it was entered.',
  })
  verified(@Root() method: ContactMethod): boolean {
    return this.app.contactVerification.proven(method);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'After adding or resending: whether a code went out, or why not.',
  })
  verificationNote(@Root() method: MethodWithNote): string | null {
    return method.verificationNote ?? null;
  }
}
