import { AdaptiveCard, Fact, FactSet, OpenUrlAction, TextBlock, TextColor } from '@microsoft/teams.cards';
import { cardText, plainTitle } from '@vigil/shared';
import { Notification } from '../model/notification.entity';

const SEVERITY_COLOR: Record<string, TextColor> = { P0: 'Attention', P1: 'Attention', P2: 'Warning', P3: 'Default' };

/**
 * The message a Microsoft Teams incoming webhook takes: one Adaptive Card (built with Microsoft's own card
 * classes, `@microsoft/teams.cards`) with the severity, title, status, the text and links. Teams' incoming webhooks
 * cannot call back, so the actions are links: the incident in the console, where acknowledging is one click.
 */
export function teamsMessage(n: Notification): Record<string, unknown> {
  const { body, severity, status, url } = n.message;
  // Alert senders write titles and text: Markdown in them is shown, not rendered (no links, no emphasis).
  const title = cardText(plainTitle(severity, n.message.title));
  const facts = [
    ...(severity ? [new Fact('Severity', severity)] : []),
    ...(status ? [new Fact('Status', status)] : []),
    ...(n.incidentId !== null ? [new Fact('Incident', `#${n.incidentId}`)] : []),
    ...(n.message.services?.length ? [new Fact('Services', cardText(n.message.services.join(', ')))] : []),
    ...(n.message.team ? [new Fact('Team', cardText(n.message.team))] : []),
  ];
  const card = new AdaptiveCard(
    new TextBlock(severity ? `${severity} · ${title}` : title, {
      size: 'Large',
      weight: 'Bolder',
      wrap: true,
      color: severity ? (SEVERITY_COLOR[severity] ?? 'Default') : 'Default',
    }),
    ...(facts.length ? [new FactSet(...facts)] : []),
    new TextBlock(cardText(body.slice(0, 3000)), { wrap: true }),
    new TextBlock(`Vigil · ${n.kind}`, { size: 'Small', isSubtle: true }),
  )
    .with$schema('http://adaptivecards.io/schemas/adaptive-card.json')
    .withVersion('1.4')
    .withActions(new OpenUrlAction(url, { title: n.incidentId !== null ? 'Open incident in Vigil' : 'Open in Vigil' }));
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: card,
      },
    ],
  };
}
