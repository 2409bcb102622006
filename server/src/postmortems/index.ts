/** The postmortems feature's public surface: what other features may import (dependency-cruiser enforces it). */
export * from './action-item.service';
export * from './postmortem.service';
export * from './postmortem.types';
