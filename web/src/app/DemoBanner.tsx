/** The server marks a demo instance's page shell (server/src/routes.ts); nothing else tells demo data from real. */
const demo = () => document.querySelector('meta[name="vigil-demo"]')?.getAttribute('content') === 'true';

/** "DEMO DATA" on every page of a demo instance: a strip above the console and status page, a badge on the wall. */
export function DemoBanner({ badge = false }: { badge?: boolean }) {
  if (!demo()) return null;
  return (
    <div className={badge ? 'demo-badge' : 'demo-banner'} role="note" data-testid="demo-banner">
      <b>DEMO DATA</b>
      {!badge && ' · generated incidents and people (names end in "(demo)"), nothing here is real'}
    </div>
  );
}
