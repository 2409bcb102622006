import crypto from 'node:crypto';
import {
  Clock,
  DomainError,
  ErrorCode,
  IntegrationKind,
  LIMITS,
  Severity,
  optionalText,
  requireText,
  validateSeverityMapping,
  validationError,
} from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { Database } from '../db/data-source';
import { Integration } from '../model/integration.entity';

/** 160 random bits, hex: well over the 128 the issue asks for, even after the shown prefix. */
const KEY_BYTES = 20;
const PREFIX_LENGTH = 6;
const KEY_SHAPE = /^[0-9a-f]{40}$/;

export interface CreateIntegration {
  serviceId: number;
  name: string;
  kind: IntegrationKind;
  hmacSecret?: string | null;
  severityMapping?: ReadonlyArray<{ alertSeverity: string; severity: string }> | null;
}

/** sha256 hex of a key: keys are random, so a fast hash with an index is safe and constant-cost to look up. */
function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

function newKey(): string {
  return crypto.randomBytes(KEY_BYTES).toString('hex');
}

/**
 * How long alert ingestion trusts a key lookup without asking the database. This process forgets at once on its
 * own writes; another replica may accept a rotated key or apply an old mapping for at most this long.
 */
const KEY_CACHE_MS = 2_000;
const KEY_CACHE_MAX = 10_000;

/** Integrations: per-service alert sources with their own secret keys, stored hashed, shown once. */
export class IntegrationService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Known keys only (unknown ones are not remembered, so a key is usable the moment it is created). */
  private readonly byKey = new Map<string, { integration: Integration; until: number }>();
  private keyGeneration = 0;

  /** Adds an integration to a service; returns it with its key, which is never retrievable again. */
  async create(input: CreateIntegration): Promise<{ integration: Integration; key: string }> {
    const name = requireText('name', input.name, 1, LIMITS.serviceName);
    if (!Object.values(IntegrationKind).includes(input.kind))
      throw validationError('kind', 'kind is not an integration kind.');
    const hmacSecret = optionalText('hmacSecret', input.hmacSecret, 200);
    if (hmacSecret && input.kind !== 'GRAFANA')
      throw validationError('hmacSecret', 'Only Grafana integrations sign their requests.');
    if (hmacSecret && hmacSecret.length < 16)
      throw validationError('hmacSecret', 'hmacSecret must be at least 16 characters.');
    const mapping = input.severityMapping?.length ? validateSeverityMapping(input.severityMapping) : null;
    const key = newKey();
    const now = this.clock.now();
    const integration = await this.db.transaction(async (m) => {
      if (!(await m.findOne(ServiceEntity, { where: { id: input.serviceId } }))) {
        throw new DomainError(ErrorCode.NOT_FOUND, `No service with id ${input.serviceId}.`, 'serviceId');
      }
      return m.save(
        m.create(Integration, {
          serviceId: input.serviceId,
          name,
          kind: input.kind,
          keyHash: hashKey(key),
          keyPrefix: key.slice(0, PREFIX_LENGTH),
          hmacSecret,
          severityMapping: mapping ? { ...mapping } : null,
          createdAt: now,
          keyRotatedAt: now,
        }),
      );
    });
    return { integration, key };
  }

  /** A service's integrations, oldest first. */
  async list(serviceId: number): Promise<Integration[]> {
    const repo = this.db.dataSource.getRepository(Integration);
    if (!(await this.db.dataSource.getRepository(ServiceEntity).findOne({ where: { id: serviceId } }))) {
      throw new DomainError(ErrorCode.NOT_FOUND, `No service with id ${serviceId}.`, 'serviceId');
    }
    return repo.find({ where: { serviceId }, order: { id: 'ASC' } });
  }

  /** Replaces an integration's key; the old key stops working at once. */
  async rotateKey(id: number): Promise<{ integration: Integration; key: string }> {
    const key = newKey();
    const now = this.clock.now();
    const integration = await this.db.transaction(async (m) => {
      const found = await m.findOne(Integration, { where: { id } });
      if (!found) throw new DomainError(ErrorCode.NOT_FOUND, `No integration with id ${id}.`, 'id');
      await m.update(
        Integration,
        { id },
        { keyHash: hashKey(key), keyPrefix: key.slice(0, PREFIX_LENGTH), keyRotatedAt: now },
      );
      return Object.assign(found, { keyHash: hashKey(key), keyPrefix: key.slice(0, PREFIX_LENGTH), keyRotatedAt: now });
    });
    this.forgetKeys();
    return { integration, key };
  }

  /** Replaces an integration's severity mapping (an empty list means the default mapping only). */
  async setSeverityMapping(
    id: number,
    entries: ReadonlyArray<{ alertSeverity: string; severity: string }>,
  ): Promise<Integration> {
    const mapping = validateSeverityMapping(entries);
    const updated = await this.db.transaction(async (m) => {
      const found = await m.findOne(Integration, { where: { id } });
      if (!found) throw new DomainError(ErrorCode.NOT_FOUND, `No integration with id ${id}.`, 'id');
      const severityMapping = Object.keys(mapping).length ? { ...mapping } : null;
      await m.update(Integration, { id }, { severityMapping });
      return Object.assign(found, { severityMapping });
    });
    this.forgetKeys();
    return updated;
  }

  /** After a committed write: drop every remembered key, and keep lookups already in flight from storing old rows. */
  private forgetKeys(): void {
    this.keyGeneration++;
    this.byKey.clear();
  }

  /** The integration a key belongs to, or null; for other features that accept integration keys (deployments). */
  async resolveKey(key: string): Promise<{ integrationId: number; serviceId: number; kind: string } | null> {
    const found = await this.findByKey(key);
    return found ? { integrationId: found.id, serviceId: found.serviceId, kind: found.kind } : null;
  }

  /** The full integration row for a key, or null (malformed keys never reach the database). */
  async findByKey(key: string): Promise<Integration | null> {
    if (typeof key !== 'string' || !KEY_SHAPE.test(key)) return null;
    return this.db.dataSource.getRepository(Integration).findOne({ where: { keyHash: hashKey(key) } });
  }

  /**
   * `findByKey` with its service loaded, remembered for a moment: ingestion asks on every alert. The cache uses
   * real elapsed time, not the Clock: it is about freshness of a copy, not about the domain's time.
   */
  async findByKeyForIngest(key: string): Promise<Integration | null> {
    const hit = this.byKey.get(key);
    if (hit && hit.until > performance.now()) return hit.integration;
    if (typeof key !== 'string' || !KEY_SHAPE.test(key)) return null;
    const generation = this.keyGeneration;
    // getOne without take: one joined query (findOne with a relation adds a DISTINCT query first).
    const integration = await this.db.dataSource
      .getRepository(Integration)
      .createQueryBuilder('i')
      .innerJoinAndSelect('i.service', 's')
      .where('i.keyHash = :h', { h: hashKey(key) })
      .getOne();
    if (generation !== this.keyGeneration) return integration;
    if (this.byKey.size >= KEY_CACHE_MAX) this.byKey.clear();
    if (integration) this.byKey.set(key, { integration, until: performance.now() + KEY_CACHE_MS });
    else this.byKey.delete(key);
    return integration;
  }

  /** The service an integration belongs to. */
  serviceOf(integration: Integration): Promise<ServiceEntity> {
    return this.db.dataSource.getRepository(ServiceEntity).findOneByOrFail({ id: integration.serviceId });
  }

  /** The integration's own mapping entries (over the default), for display. */
  mappingEntries(integration: Integration): Array<{ alertSeverity: string; severity: Severity }> {
    return Object.entries(integration.severityMapping ?? {}).map(([alertSeverity, severity]) => ({
      alertSeverity,
      severity,
    }));
  }
}
