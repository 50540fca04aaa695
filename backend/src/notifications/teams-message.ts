import type { IncidentEventPayload } from '../outbox';
import { EVENT_TITLES } from './event-titles';

/**
 * The body a Teams Workflows ("Post to a channel when a webhook request is received")
 * webhook takes: a message whose one attachment is an Adaptive Card. Version 1.4: the
 * highest Teams renders everywhere (desktop, web, mobile). TextBlock text is plain (Teams
 * renders a Markdown subset in it), so user-written fields are escaped for that subset.
 */
export function buildTeamsMessage(payload: IncidentEventPayload, incidentUrl: string): Record<string, unknown> {
  const { incident } = payload;
  const facts = [
    { title: 'Severity', value: incident.severity },
    { title: 'Status', value: incident.status },
    ...(incident.service_id ? [{ title: 'Service', value: escapeTeamsMarkdown(incident.service_id) }] : []),
    { title: 'When', value: payload.occurred_at },
  ];
  const comment = typeof payload.data?.body === 'string' ? payload.data.body : undefined;
  return teamsCard(
    `${EVENT_TITLES[payload.event] ?? payload.event}: ${incident.title}`,
    [{ type: 'FactSet', facts }, ...(comment ? [{ type: 'TextBlock', text: escapeTeamsMarkdown(comment), wrap: true }] : [])],
    { title: 'Open incident', url: incidentUrl },
  );
}

export function buildTeamsTestMessage(channelName: string, now: Date): Record<string, unknown> {
  return teamsCard(`Test message for channel "${channelName}"`, [
    { type: 'TextBlock', text: `This channel works. Sent ${now.toISOString()}.`, wrap: true },
  ]);
}

function teamsCard(title: string, body: Array<Record<string, unknown>>, link?: { title: string; url: string }): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [{ type: 'TextBlock', text: escapeTeamsMarkdown(title), weight: 'Bolder', size: 'Medium', wrap: true }, ...body],
          ...(link ? { actions: [{ type: 'Action.OpenUrl', title: link.title, url: link.url }] } : {}),
        },
      },
    ],
  };
}

/** Markdown markers Teams honours in a TextBlock: a title cannot turn itself into a link or bold text. */
export const escapeTeamsMarkdown = (text: string): string => text.replace(/([\\`*_{}[\]()#+\-.!<>])/g, '\\$1');
