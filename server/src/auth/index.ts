/** The auth feature's public surface: what other features may import (dependency-cruiser enforces it). */
export * from './auth.service';
export * from './secrets';
