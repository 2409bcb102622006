/** The tickets feature's public surface: what other features and the composition may import. */
export * from './tickets.config';
export * from './tickets.module';
export * from './tickets.service';
export type { DeliveryGuard } from './tickets.routes';
