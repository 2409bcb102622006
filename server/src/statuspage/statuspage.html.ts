import { componentStateLabel, formatPublicTime, publicStatusLabel } from '@vigil/shared';
import { escapeHtml as h } from '../http/html';
import { PublicIncident, PublicStatusPage } from './statuspage.types';

/**
 * The public status page as HTML, rendered on the server from the same snapshot as /api/status.json and the Atom
 * feed (issue 20): it reads the same with JavaScript off, and when JavaScript runs the web app's status page mounts
 * over it and goes live. The markup and class names are the web app's (web/src/features/statuspage/StatusPage.tsx),
 * so both look alike; every text is escaped.
 */
function statusPageMarkup(page: PublicStatusPage): string {
  const time = (at: Date) => h(formatPublicTime(at));
  const incident = (i: PublicIncident) => {
    const edge = i.status === 'RESOLVED' ? 'OPERATIONAL' : i.impact;
    const updates = i.updates.length
      ? `<ol class="sp-updates">${i.updates
          .map(
            (u) =>
              `<li>${u.status ? `<b>${h(publicStatusLabel(u.status))}</b> ` : ''}<span class="sp-line">${h(u.line)}</span></li>`,
          )
          .join('')}</ol>`
      : '<p class="sp-muted sp-small">We are looking into it. Updates will follow here.</p>';
    return (
      `<article class="sp-card sp-edge-${edge}" id="incident-${h(i.id)}" data-testid="public-incident-${h(i.id)}">` +
      `<div class="sp-card-head"><h3>${h(i.title)}</h3>` +
      `<span class="sp-word sp-word-${i.status}">${h(publicStatusLabel(i.status))}</span></div>` +
      `<div class="sp-muted sp-small">${i.components.length ? `Affects ${h(i.components.join(', '))} · ` : ''}` +
      `Started ${time(i.startedAt)}${i.resolvedAt ? ` · resolved ${time(i.resolvedAt)}` : ''}</div>` +
      `${updates}</article>`
    );
  };
  const section = (label: string, heading: string, body: string) =>
    `<section class="sp-section" aria-label="${h(label)}"><h2>${heading}</h2>${body}</section>`;
  const active = page.activeIncidents.length
    ? section('Active incidents', 'Active incidents', page.activeIncidents.map(incident).join(''))
    : '';
  const components = section(
    'Components',
    'Components',
    (page.components.length ? '' : '<p class="sp-muted">No components listed.</p>') +
      `<ul class="sp-components">${page.components
        .map(
          (c) =>
            `<li data-testid="component-${h(c.name)}"><span>${h(c.name)}</span>` +
            `<span class="sp-state sp-text-${c.state}">${h(componentStateLabel(c.state))}</span></li>`,
        )
        .join('')}</ul>`,
  );
  const maintenance = section(
    'Scheduled maintenance',
    'Scheduled maintenance',
    page.scheduledMaintenance.length
      ? page.scheduledMaintenance
          .map(
            (m) =>
              `<div class="sp-card"><b>${h(m.title)}</b><div class="sp-muted">${time(m.startsAt)} – ` +
              `${m.endsAt ? time(m.endsAt) : 'until further notice'}` +
              `${m.components.length ? ` · ${h(m.components.join(', '))}` : ''}</div></div>`,
          )
          .join('')
      : '<p class="sp-muted">No maintenance scheduled.</p>',
  );
  const past = section(
    'Past incidents',
    'Past incidents <span class="sp-muted">(14 days)</span>',
    page.pastIncidents.length
      ? page.pastIncidents.map(incident).join('')
      : '<p class="sp-muted">No incidents in the last 14 days.</p>',
  );
  const subscribe = section(
    'Subscribe to updates',
    'Subscribe to updates',
    '<form class="sp-subscribe" method="post" action="/status/subscribe">' +
      '<label for="sp-email">Email address</label>' +
      '<div class="sp-subscribe-row"><input id="sp-email" name="email" type="email" required autocomplete="email" ' +
      'placeholder="you@example.com"><button type="submit">Subscribe</button></div>' +
      (page.components.length
        ? '<fieldset><legend>Components <span class="sp-muted">(none ticked: all)</span></legend>' +
          page.components
            .map((c) => `<label><input type="checkbox" name="component" value="${h(c.name)}"> ${h(c.name)}</label>`)
            .join('') +
          '</fieldset>'
        : '') +
      '<p class="sp-muted sp-small">We email you a link to confirm; nothing else is sent until you do. Every email ' +
      'has a link to unsubscribe.</p></form>',
  );
  return (
    '<div class="sp"><div class="sp-wrap"><header class="sp-header"><span class="sp-brand">Service status</span>' +
    '<nav class="sp-links"><a href="/status/feed.atom">Atom feed</a><a href="/api/status.json">JSON</a></nav></header>' +
    `<div class="sp-banner sp-${page.state}" data-testid="status-headline">${h(page.headline)}</div>` +
    active +
    components +
    maintenance +
    past +
    subscribe +
    `<footer class="sp-footer sp-muted" data-testid="status-footer">Updated ${time(page.generatedAt)} · times in UTC` +
    '</footer></div></div>'
  );
}

/**
 * The web app's shell (index.html) with the page inside its root element, its title, and the status page's own
 * stylesheets (a lazily loaded chunk's CSS, which index.html does not link).
 */
export function statusPageDocument(shell: string, stylesheets: readonly string[], page: PublicStatusPage): string {
  const links = stylesheets.map((href) => `<link rel="stylesheet" href="${h(href)}">`).join('');
  // Replacement functions, not strings: a public message containing "$&" must reach the page as written.
  return shell
    .replace(/<title>[^<]*<\/title>/, () => `<title>${h(`Status — ${page.headline}`)}</title>`)
    .replace('</head>', () => `${links}</head>`)
    .replace('<div id="root"></div>', () => `<div id="root">${statusPageMarkup(page)}</div>`);
}
