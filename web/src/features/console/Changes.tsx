import { formatUtc, formatUtcTime } from '@vigil/shared';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ConsoleRunRunbookMutation, IncidentResponseQuery, RunbookAction } from '../../gql/graphql';
import { FieldError, FormError } from './FieldError';
import { CONSOLE_RUNBOOK_ACTIONS, PROBE_HEALTH, RUN_RUNBOOK, SET_ROLLBACK_FLAGS } from './respond.graphql';
import { beforeDetection, commandLine, parseErrorRate, runbookLabel } from './respondModel';
import { useFormAction } from './useFormAction';

type Incident = IncidentResponseQuery['incident'];

/** What changed before the incident, whether to roll back, and the runbook actions that do something about it. */
export function Changes({ incident }: { incident: Incident }) {
  return (
    <section className="panel changes" aria-label="Changes and mitigation">
      <h2>Changes</h2>
      <Deployments incident={incident} />
      <RollbackFlags incident={incident} />
      {incident.services.map((s) => (
        <Runbooks key={s.id} incidentId={incident.id} service={s} open={incident.status !== 'RESOLVED'} />
      ))}
      {incident.services.length === 0 && (
        <p className="muted small">No service is affected, so there are no runbook actions or health checks.</p>
      )}
    </section>
  );
}

function Deployments({ incident }: { incident: Incident }) {
  const r = incident.rollback;
  return (
    <div data-testid="deployments">
      {r.recommended && (
        <div className="rollback-banner" role="alert" data-testid="rollback-recommended">
          <strong>Rollback recommended</strong>
          <ul>
            {r.reasons.map((x) => (
              <li key={x.rule}>{x.message}</li>
            ))}
          </ul>
          {incident.status !== 'RESOLVED' && <DismissRollback incident={incident} />}
        </div>
      )}
      {r.dismissal && (
        <p className="muted small" data-testid="rollback-dismissed">
          Rollback of {r.suspectDeployment?.version} dismissed by {r.dismissal.by} at {formatUtcTime(r.dismissal.at)}:{' '}
          {r.dismissal.reason}
        </p>
      )}
      {incident.recentDeployments.length === 0 ? (
        <p className="muted small">No deployments shortly before detection.</p>
      ) : (
        <ul className="deploys">
          {incident.recentDeployments.map(({ deployment: d, suspect, beforeDetectionSeconds }) => (
            <li key={d.id} className={suspect ? 'suspect' : ''}>
              <div>
                <strong>{d.service?.name ?? `service ${d.id}`}</strong>{' '}
                {d.previousVersion ? `${d.previousVersion} → ` : ''}
                <code>{d.version}</code>
                {suspect && <span className="suspect-tag">suspect</span>}
              </div>
              <div className="muted small">
                {formatUtc(d.deployedAt)} · {beforeDetection(beforeDetectionSeconds)}
                {d.deployedBy ? ` · by ${d.deployedBy}` : ''}
                {d.link && (
                  <>
                    {' '}
                    ·{' '}
                    <a href={d.link} target="_blank" rel="noreferrer">
                      details
                    </a>
                  </>
                )}
              </div>
              {d.summary && <div className="small">{d.summary}</div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Sets the recommendation aside with a reason; the flags stay as they are stored. */
function DismissRollback({ incident }: { incident: Incident }) {
  const f = incident.rollbackFlags;
  const [set] = useMutation(SET_ROLLBACK_FLAGS);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['dismissReason']);
  const [reason, setReason] = useState('');
  const dismiss = () =>
    void run(async () => {
      await set({
        variables: {
          id: incident.id,
          input: {
            errorRate: f?.errorRate ?? null,
            serviceDown: f?.serviceDown ?? false,
            dataCorruptionRisk: f?.dataCorruptionRisk ?? false,
            securityBreach: f?.securityBreach ?? false,
            dismissReason: reason,
          },
        },
      });
      setReason('');
    });
  return (
    <form
      className="dismiss"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        dismiss();
      }}
    >
      <label className="field-label">
        Not rolling back? Say why
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          {...describedBy('dismissReason')}
          data-testid="dismiss-reason"
        />
      </label>
      <button type="submit" className="button small" disabled={busy} data-testid="dismiss-submit">
        Dismiss
      </button>
      <FieldError {...fieldError('dismissReason')} />
      <FormError message={errors.general} />
    </form>
  );
}

function RollbackFlags({ incident }: { incident: Incident }) {
  const f = incident.rollbackFlags;
  const [set] = useMutation(SET_ROLLBACK_FLAGS);
  const { errors, busy, run, describedBy, fieldError } = useFormAction([
    'errorRate',
    'serviceDown',
    'dataCorruptionRisk',
    'securityBreach',
  ]);
  const [errorRate, setErrorRate] = useState(f?.errorRate?.toString() ?? '');
  const [serviceDown, setServiceDown] = useState(f?.serviceDown ?? false);
  const [dataCorruptionRisk, setData] = useState(f?.dataCorruptionRisk ?? false);
  const [securityBreach, setSecurity] = useState(f?.securityBreach ?? false);
  const save = () =>
    void run(async () => {
      const rate = parseErrorRate(errorRate);
      // An unreadable rate is sent as -1 so the server's own message appears next to the field.
      await set({
        variables: {
          id: incident.id,
          input: { errorRate: rate === 'invalid' ? -1 : rate, serviceDown, dataCorruptionRisk, securityBreach },
        },
      });
    });
  return (
    <form
      className="action rollback-flags"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3>When to roll back</h3>
      <label className="inline-label">
        Error rate (%)
        <input
          value={errorRate}
          onChange={(e) => setErrorRate(e.target.value)}
          inputMode="decimal"
          placeholder="not measured"
          {...describedBy('errorRate')}
          data-testid="flag-errorRate"
        />
      </label>
      <FieldError {...fieldError('errorRate')} />
      <div className="flag-checks">
        <label>
          <input type="checkbox" checked={serviceDown} onChange={(e) => setServiceDown(e.target.checked)} /> Service
          down
        </label>
        <label>
          <input type="checkbox" checked={dataCorruptionRisk} onChange={(e) => setData(e.target.checked)} /> Data
          corruption risk
        </label>
        <label>
          <input type="checkbox" checked={securityBreach} onChange={(e) => setSecurity(e.target.checked)} /> Security
          breach
        </label>
      </div>
      <FormError message={errors.general} />
      <button type="submit" className="button small" disabled={busy} data-testid="flags-submit">
        Save flags
      </button>
    </form>
  );
}

type Run = ConsoleRunRunbookMutation['runRunbookAction'];

function Runbooks({
  incidentId,
  service,
  open,
}: {
  incidentId: string;
  service: { id: string; name: string };
  open: boolean;
}) {
  const { data, error } = useQuery(CONSOLE_RUNBOOK_ACTIONS, { variables: { serviceId: service.id } });
  const [runAction] = useMutation(RUN_RUNBOOK);
  const [probe] = useMutation(PROBE_HEALTH);
  const { errors, busy, run, fieldError } = useFormAction([
    'action',
    'confirm',
    'serviceId',
    'deployment',
    'namespace',
  ]);
  const probing = useFormAction(['serviceId']);
  const [plan, setPlan] = useState<Run | null>(null);
  const [confirming, setConfirming] = useState<RunbookAction | null>(null);
  const [started, setStarted] = useState<Run | null>(null);
  const [health, setHealth] = useState<string | null>(null);
  const go = (action: RunbookAction, dryRun: boolean) =>
    void run(async () => {
      const res = await runAction({
        variables: { incidentId, input: { action, serviceId: service.id, confirm: true, dryRun } },
      });
      const r = res.data?.runRunbookAction ?? null;
      if (dryRun) setPlan(r);
      else {
        setStarted(r);
        setConfirming(null);
        setPlan(null);
      }
    });
  const actions = data?.runbookActions ?? [];
  return (
    <div className="runbooks" data-testid={`runbooks-${service.name}`}>
      <h3>{service.name}</h3>
      {error && <p className="form-error">{error.message}</p>}
      {data && actions.length === 0 && (
        <p className="muted small">No runbook actions are configured for {service.name}.</p>
      )}
      {actions.map((a) => (
        <div key={a.action} className="runbook">
          <div className="runbook-head">
            <strong>{runbookLabel(a.action)}</strong>
            {open && (
              <>
                <button
                  type="button"
                  className="button small"
                  disabled={busy}
                  onClick={() => go(a.action, true)}
                  data-testid={`dryrun-${a.action}`}
                >
                  Dry run
                </button>
                <button
                  type="button"
                  className="button small danger"
                  disabled={busy}
                  onClick={() => setConfirming(a.action)}
                  data-testid={`run-${a.action}`}
                >
                  Run…
                </button>
              </>
            )}
          </div>
          <ol className="steps">
            {a.steps.map((s, i) => (
              <li key={i}>
                <span className="muted">{s.name}:</span>{' '}
                <code>{s.webhookUrl ? `POST ${s.webhookUrl}` : commandLine(s.command)}</code>
              </li>
            ))}
          </ol>
          {confirming === a.action && (
            <div className="confirm" role="alertdialog" aria-label="Confirm run" data-testid="confirm-run">
              <p>
                <strong>
                  Run {runbookLabel(a.action).toLowerCase()} on {service.name} now?
                </strong>{' '}
                These commands will execute for real; their output appears on the timeline.
              </p>
              <button
                type="button"
                className="button danger"
                disabled={busy}
                onClick={() => go(a.action, false)}
                data-testid="confirm-run-yes"
              >
                Yes, run it
              </button>
              <button type="button" className="linklike" onClick={() => setConfirming(null)}>
                cancel
              </button>
            </div>
          )}
        </div>
      ))}
      {plan && (
        <div className="plan" data-testid="dryrun-plan">
          <p className="small">
            <strong>
              Dry run: {runbookLabel(plan.action)} on {plan.serviceName}
            </strong>{' '}
            would run, in order:
          </p>
          <ol className="steps">
            {plan.steps.map((s, i) => (
              <li key={i}>
                <code>{s.webhookUrl ? `POST ${s.webhookUrl}` : commandLine(s.argv)}</code>
              </li>
            ))}
          </ol>
        </div>
      )}
      {started && (
        <p className="small" data-testid="run-started">
          Started {runbookLabel(started.action).toLowerCase()} ({started.runId.slice(0, 8)}): output streams on the
          timeline.
        </p>
      )}
      <FieldError {...fieldError('action')} />
      <FieldError {...fieldError('confirm')} />
      <FieldError {...fieldError('serviceId')} />
      <FormError message={errors.general} />
      {open && (
        <div className="probe">
          <button
            type="button"
            className="button small"
            disabled={probing.busy}
            data-testid={`probe-${service.name}`}
            onClick={() =>
              void probing.run(async () => {
                const res = await probe({ variables: { incidentId, serviceId: service.id } });
                const h = res.data?.probeHealthCheck;
                if (h)
                  setHealth(
                    `${h.ok ? 'healthy' : 'unhealthy'} · ${h.statusCode ?? h.error ?? ''} · ${h.latencyMs} ms at ${formatUtcTime(h.checkedAt)}`,
                  );
              })
            }
          >
            Probe health check
          </button>
          {health && (
            <span className="small" data-testid="probe-result">
              {' '}
              {health}
            </span>
          )}
          <FieldError {...probing.fieldError('serviceId')} />
          <FormError message={probing.errors.general} />
        </div>
      )}
    </div>
  );
}
