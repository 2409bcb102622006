import { Clock, DomainError, ErrorCode, LIMITS, optionalText, requireText } from '@vigil/shared';
import { Database } from '../db/data-source';
import { ServiceEntity } from '../model/service.entity';

const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;

/** The service catalog: what can break, what incidents affect, what the status page lists. */
export class CatalogService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  list(): Promise<ServiceEntity[]> {
    return this.db.dataSource.getRepository(ServiceEntity).find({ order: { name: 'ASC' } });
  }

  /** Adds a service; names are unique and safe to use in URLs and commands. */
  async create(input: { name: string; description?: string | null }): Promise<ServiceEntity> {
    const name = requireText('name', input.name, 1, LIMITS.serviceName);
    if (!SERVICE_NAME.test(name)) {
      throw new DomainError(
        ErrorCode.VALIDATION,
        'name may use letters, digits, spaces, dot, dash and underscore, starting with a letter or digit.',
        'name',
      );
    }
    const description = optionalText('description', input.description, 2000);
    return this.db.transaction(async (m) => {
      if (await m.findOne(ServiceEntity, { where: { name } })) {
        throw new DomainError(ErrorCode.VALIDATION, `A service named "${name}" already exists.`, 'name');
      }
      return m.save(m.create(ServiceEntity, { name, description, createdAt: this.clock.now() }));
    });
  }
}
