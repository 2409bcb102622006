import { DomainError } from './errors';
import {
  ServiceRunbook,
  assertMayRunRunbook,
  defaultRollbackSteps,
  parseRunbookConfig,
  renderStep,
  runbookParams,
  validateRunbookParam,
} from './runbook';

const params = { service: 'checkout-api', deployment: 'checkout', namespace: 'production' };
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof DomainError ? `${e.code}:${e.field ?? ''}` : 'other';
  }
};

describe('runbook parameters', () => {
  it.each<[string, boolean]>([
    ['checkout', true],
    ['a', true],
    ['api-v2.prod', true],
    ['x'.repeat(63), true],
    ['x'.repeat(64), false],
    ['', false],
    ['-x', false],
    ['x-', false],
    ['Checkout', false],
    ['x; rm -rf /', false],
    ['a b', false],
    ['$(id)', false],
    ['../etc', false],
    ['a/b', false],
    ['--force', false],
  ])('%p allowed: %p', (value, ok) => {
    expect(codeOf(() => validateRunbookParam('deployment', value))).toBe(ok ? null : 'VALIDATION:deployment');
  });

  it('renders the default rollback as argv with parameters substituted', () => {
    expect(defaultRollbackSteps().map((s) => renderStep(s, params))).toEqual([
      { file: 'kubectl', args: ['rollout', 'pause', 'deployment/checkout', '-n', 'production'] },
      { file: 'kubectl', args: ['rollout', 'undo', 'deployment/checkout', '-n', 'production'] },
      { file: 'kubectl', args: ['rollout', 'status', 'deployment/checkout', '-n', 'production'] },
      { file: './scripts/verify-deployment.sh', args: ['production'] },
    ]);
  });

  it('refuses to render with a bad parameter', () => {
    expect(codeOf(() => renderStep(defaultRollbackSteps()[0], { ...params, namespace: 'a;b' }))).toBe(
      'VALIDATION:namespace',
    );
  });
});

describe('runbook parameters come only from the runbook file', () => {
  const checkout: ServiceRunbook = {
    deployment: 'checkout',
    namespace: 'production',
    allowedDeployments: ['checkout-canary'],
    allowedNamespaces: ['staging'],
    healthCheckUrl: null,
    actions: {},
  };
  const bare: ServiceRunbook = {
    deployment: null,
    namespace: null,
    allowedDeployments: [],
    allowedNamespaces: [],
    healthCheckUrl: null,
    actions: {},
  };
  it.each<[string, ServiceRunbook, { deployment?: string | null; namespace?: string | null }, string]>([
    ['the defaults', checkout, {}, 'checkout/production'],
    [
      'an allowed deployment and namespace',
      checkout,
      { deployment: 'checkout-canary', namespace: 'staging' },
      'checkout-canary/staging',
    ],
    [
      'the defaults named explicitly',
      checkout,
      { deployment: 'checkout', namespace: 'production' },
      'checkout/production',
    ],
    ['a caller-chosen namespace', checkout, { namespace: 'kube-system' }, 'VALIDATION:namespace'],
    ['a caller-chosen deployment', checkout, { deployment: 'payments' }, 'VALIDATION:deployment'],
    ['shell syntax, caught by the pattern first', checkout, { namespace: 'a;b' }, 'VALIDATION:namespace'],
    ['nothing configured: the service name and "default"', bare, {}, 'checkout-api/default'],
    ['nothing configured: nothing else', bare, { namespace: 'production' }, 'VALIDATION:namespace'],
  ])('%s', (_label, runbook, asked, expected) => {
    let got: string;
    try {
      const p = runbookParams('checkout-api', runbook, asked);
      expect(p.service).toBe('checkout-api');
      got = `${p.deployment}/${p.namespace}`;
    } catch (e) {
      got = e instanceof DomainError ? `${e.code}:${e.field}` : 'other';
    }
    expect(got).toBe(expected);
  });

  it('names the parameter and what the file allows', () => {
    expect(() => runbookParams('checkout-api', checkout, { namespace: 'kube-system' })).toThrow(
      'namespace "kube-system" is not allowed for checkout-api: the runbook file allows production, staging.',
    );
  });
});

describe('runbook permission', () => {
  it.each<[string, string, boolean]>([
    ['VIEWER', 'P0', false],
    ['RESPONDER', 'P0', true],
    ['RESPONDER', 'P1', false],
    ['LEAD', 'P3', true],
    ['ADMIN', 'P2', true],
  ])('%s on %s: %p', (role, severity, ok) => {
    expect(codeOf(() => assertMayRunRunbook(role as never, severity as never))).toBe(ok ? null : 'FORBIDDEN:');
  });

  it.each<[string, string, boolean, boolean, boolean]>([
    ['RESPONDER', 'P1', true, true, true],
    ['RESPONDER', 'P1', true, false, false],
    ['RESPONDER', 'P1', false, true, false],
    ['VIEWER', 'P1', true, true, false],
    ['LEAD', 'P3', false, false, true],
  ])('%s on %s, dry run %p, on call %p: %p', (role, severity, dryRun, onCall, ok) => {
    expect(codeOf(() => assertMayRunRunbook(role as never, severity as never, { dryRun, onCall }))).toBe(
      ok ? null : 'FORBIDDEN:',
    );
  });
});

describe('runbook configuration file', () => {
  it('parses services, defaults ROLLBACK to the procedure and converts timeouts', () => {
    const config = parseRunbookConfig({
      stepTimeoutSeconds: 30,
      services: {
        'checkout-api': {
          deployment: 'checkout',
          namespace: 'production',
          healthCheckUrl: 'http://127.0.0.1:9/health',
          actions: {
            RESTART: {
              steps: [
                {
                  name: 'Restart',
                  command: ['kubectl', 'rollout', 'restart', 'deployment/{deployment}'],
                  timeoutSeconds: 5,
                },
              ],
            },
          },
        },
      },
    });
    const svc = config.services['checkout-api'];
    expect(svc.actions.ROLLBACK).toEqual(defaultRollbackSteps(30_000));
    expect(svc.actions.RESTART).toEqual([
      {
        name: 'Restart',
        command: ['kubectl', 'rollout', 'restart', 'deployment/{deployment}'],
        webhook: null,
        timeoutMs: 5000,
      },
    ]);
    expect(svc.healthCheckUrl).toBe('http://127.0.0.1:9/health');
    expect([svc.allowedDeployments, svc.allowedNamespaces]).toEqual([[], []]);
    const listed = parseRunbookConfig({
      services: {
        a: { namespace: 'production', allowedNamespaces: ['staging', 'canary'], allowedDeployments: ['a-canary'] },
      },
    }).services.a;
    expect([listed.allowedDeployments, listed.allowedNamespaces]).toEqual([['a-canary'], ['staging', 'canary']]);
  });

  it('parses an outbound webhook step', () => {
    const config = parseRunbookConfig({
      services: {
        a: {
          actions: {
            SCALE_UP: {
              steps: [{ webhook: { url: 'https://deploy.example.com/scale', headers: { authorization: 'Bearer x' } } }],
            },
          },
        },
      },
    });
    expect(config.services.a.actions.SCALE_UP).toEqual([
      {
        name: 'POST https://deploy.example.com/scale',
        command: [],
        webhook: { url: 'https://deploy.example.com/scale', headers: { authorization: 'Bearer x' } },
        timeoutMs: 120_000,
      },
    ]);
  });

  it.each<[string, unknown, string]>([
    ['not an object', [], '$'],
    ['no services', {}, 'services'],
    [
      'unknown action',
      { services: { a: { actions: { DELETE_ALL: { steps: [] } } } } },
      'services.a.actions.DELETE_ALL',
    ],
    [
      'a shell string instead of argv',
      { services: { a: { actions: { RESTART: { steps: [{ command: 'kubectl restart; rm -rf /' }] } } } } },
      'services.a.actions.RESTART.steps[0].command',
    ],
    [
      'unknown placeholder',
      { services: { a: { actions: { RESTART: { steps: [{ command: ['kubectl', '{token}'] }] } } } } },
      'services.a.actions.RESTART.steps[0].command',
    ],
    [
      'placeholder as the program',
      { services: { a: { actions: { RESTART: { steps: [{ command: ['{service}'] }] } } } } },
      'services.a.actions.RESTART.steps[0].command',
    ],
    [
      'bad timeout',
      { services: { a: { actions: { RESTART: { steps: [{ command: ['x'], timeoutSeconds: 0 }] } } } } },
      'services.a.actions.RESTART.steps[0].timeoutSeconds',
    ],
    ['bad deployment', { services: { a: { deployment: 'A B' } } }, 'services.a.deployment'],
    [
      'allowed namespaces not a list',
      { services: { a: { allowedNamespaces: 'staging' } } },
      'services.a.allowedNamespaces',
    ],
    [
      'a bad allowed namespace',
      { services: { a: { allowedNamespaces: ['staging', 'kube system'] } } },
      'services.a.allowedNamespaces[1]',
    ],
    [
      'webhook with a bad URL',
      { services: { a: { actions: { RESTART: { steps: [{ webhook: { url: 'ftp://x' } }] } } } } },
      'services.a.actions.RESTART.steps[0].webhook.url',
    ],
    [
      'webhook and command at once',
      { services: { a: { actions: { RESTART: { steps: [{ command: ['x'], webhook: { url: 'http://x' } }] } } } } },
      'services.a.actions.RESTART.steps[0]',
    ],
    ['bad health URL', { services: { a: { healthCheckUrl: 'file:///etc/passwd' } } }, 'services.a.healthCheckUrl'],
  ])('rejects %s, naming the path', (_label, raw, path) => {
    expect(codeOf(() => parseRunbookConfig(raw))).toBe(`VALIDATION:${path}`);
  });
});
