/** The notify feature's public surface: what other features may import (dependency-cruiser enforces it). */
export * from './notify.channels';
export * from './notify.outbox';
export * from './notify.port';
export * from './notify.service';
export * from './phone.messages';
export * from './reply-codes';
export * from './twilio.client';
