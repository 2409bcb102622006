import { Arg, Field, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { ServiceEntity } from '../model/service.entity';
import { CatalogService } from './catalog.service';

@InputType()
export class CreateServiceInput {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

/** The services CatalogResolver uses. */
interface CatalogResolverDeps {
  readonly catalog: CatalogService;
}

@Resolver(() => ServiceEntity)
export class CatalogResolver {
  constructor(private readonly app: CatalogResolverDeps) {}

  @Query(() => [ServiceEntity], { description: 'The service catalog, by name.' })
  services(): Promise<ServiceEntity[]> {
    return this.app.catalog.list();
  }

  @Mutation(() => ServiceEntity)
  createService(@Arg('input', () => CreateServiceInput) input: CreateServiceInput): Promise<ServiceEntity> {
    return this.app.catalog.create(input);
  }
}
