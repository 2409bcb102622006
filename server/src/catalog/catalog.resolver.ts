import { Arg, Ctx, Field, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { Context } from '../graphql/context';
import { ServiceEntity } from '../model/service.entity';

@InputType()
export class CreateServiceInput {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@Resolver(() => ServiceEntity)
export class CatalogResolver {
  @Query(() => [ServiceEntity], { description: 'The service catalog, by name.' })
  services(@Ctx() ctx: Context): Promise<ServiceEntity[]> {
    return ctx.app.catalog.list();
  }

  @Mutation(() => ServiceEntity)
  createService(
    @Arg('input', () => CreateServiceInput) input: CreateServiceInput,
    @Ctx() ctx: Context,
  ): Promise<ServiceEntity> {
    return ctx.app.catalog.create(input);
  }
}
