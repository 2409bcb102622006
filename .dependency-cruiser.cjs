// The server's layers, checked by `npm run lint` (dependency-cruiser): ARCHITECTURE.md "Rules the tools enforce".
const INFRASTRUCTURE = '^server/src/(access|db|model|pubsub|graphql|http|jobs|outbound|observability)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment: 'Folders of server/src import each other one way only: a cycle between two folders is a tangle.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^server/src/' },
      to: { circular: true },
    },
    {
      name: 'infrastructure-below-features',
      comment:
        'Infrastructure (access, db, model, pubsub, graphql, http, jobs, outbound, observability) imports no feature and not the composition root: features use it, never the other way.',
      severity: 'error',
      from: { path: INFRASTRUCTURE },
      to: { path: '^server/src/', pathNot: INFRASTRUCTURE },
    },
    {
      name: 'features-below-composition',
      comment:
        'server.ts, services.ts, schema.ts, routes.ts, reactions.ts, config.ts compose the features; a feature receives what it needs and never imports them (the demo is composition too).',
      severity: 'error',
      from: { path: '^server/src/[^/]+/', pathNot: '^server/src/demo/' },
      to: { path: '^server/src/[^/]+[.]ts$' },
    },
    {
      name: 'features-meet-through-public-files',
      comment:
        "A feature imports another feature only through that feature's public file (its index.ts), never a file inside it: what a feature offers others is listed in one place.",
      severity: 'error',
      from: { path: '^server/src/([^/]+)/', pathNot: INFRASTRUCTURE },
      to: {
        path: '^server/src/([^/]+)/.+',
        pathNot: ['^server/src/$1/', INFRASTRUCTURE, '^server/src/[^/]+/index[.]ts$'],
      },
    },
  ],
  options: {
    includeOnly: '^server/src/',
    exclude: { path: '[.]test[.]ts$' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
