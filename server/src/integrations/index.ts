/** The integrations feature's public surface: what other features may import (dependency-cruiser enforces it). */
export * from './integration.service';
