/*
 * Vigil's service worker (issue 18): shows pages pushed to this browser, and acknowledges or escalates from the
 * notification — on a locked phone too — by posting the page's one-time action token (the email links' tokens, made
 * for push) to /api/actions/<token>. The result replaces the notification. It caches nothing: the console always
 * loads from the server.
 */
/* eslint-env serviceworker */

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let page = null;
  try {
    page = event.data ? event.data.json() : null;
  } catch {
    page = null;
  }
  event.waitUntil(showPage(page));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const work = onNotificationClick(event.notification.data, event.action);
  event.waitUntil(work);
});

/** The notification's tag: one per incident, so a later page or a result replaces the earlier one. */
function tagOf(page) {
  return page && page.incidentId ? `vigil-incident-${page.incidentId}` : `vigil-${page ? page.notificationId : 'page'}`;
}

function showPage(page) {
  if (!page || page.v !== 1)
    return self.registration.showNotification('Vigil', {
      body: 'Something arrived that this version of Vigil cannot show. Open Vigil.',
      tag: 'vigil-unreadable',
      data: { url: '/' },
    });
  const heading =
    page.severity && page.incidentId ? `${page.severity} · #${page.incidentId} ${page.title}` : page.title;
  return self.registration.showNotification(heading, {
    body: page.body,
    tag: tagOf(page),
    renotify: true,
    // A page stays until answered; a test page or a notice may go by itself.
    requireInteraction: page.kind === 'PAGE',
    icon: '/icons/icon-192.png',
    badge: '/icons/badge-96.png',
    data: page,
    actions: page.actions
      ? [
          { action: 'ACKNOWLEDGE', title: 'Acknowledge' },
          { action: 'ESCALATE', title: 'Escalate' },
        ]
      : [],
  });
}

async function onNotificationClick(page, action) {
  if (page && page.actions && (action === 'ACKNOWLEDGE' || action === 'ESCALATE')) return act(page, action);
  return openUrl((page && page.url) || '/');
}

/** Posts the one-time token; the server says what it did (or why nothing was done), shown as the new notification. */
async function act(page, action) {
  let answer;
  try {
    const res = await fetch(`/api/actions/${encodeURIComponent(page.actions[action])}`, {
      method: 'POST',
      headers: { accept: 'application/json' },
      credentials: 'omit',
    });
    answer = await res.json();
  } catch {
    answer = { done: false, title: 'Nothing was done', message: 'Vigil could not be reached. Open Vigil to act.' };
  }
  await self.registration.showNotification(answer.title, {
    body: answer.message,
    tag: tagOf(page),
    icon: '/icons/icon-192.png',
    badge: '/icons/badge-96.png',
    data: { ...page, actions: null, result: { action, done: answer.done === true, title: answer.title } },
  });
}

async function openUrl(url) {
  const target = new URL(url, self.location.origin);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) {
    if (new URL(client.url).origin === target.origin && 'focus' in client) {
      await client.focus();
      return 'navigate' in client ? client.navigate(target.href) : undefined;
    }
  }
  return self.clients.openWindow(target.href);
}
