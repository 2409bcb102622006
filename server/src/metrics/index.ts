/** The metrics feature's public surface: what other features may import (dependency-cruiser enforces it). */
export * from './metrics.sql';
