export * from './domain/errors';
export * from './domain/time';
export * from './domain/severity';
export * from './domain/lifecycle';
export * from './domain/sla';
export * from './domain/cadence';
export * from './domain/validation';
export * from './domain/timeline';
