import type { IncidentEventPayload } from '../outbox';
import { headline } from './event-titles';

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

/** Everything user-written goes into HTML through this: a title cannot add markup or links. */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Subjects are one line: a title with line breaks must not inject headers (nodemailer folds too; this keeps it readable). */
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ').slice(0, 200);

/** Plain text and HTML with the incident's facts and a link to it. */
export function buildEmailMessage(payload: IncidentEventPayload, incidentUrl: string): EmailMessage {
  const { incident } = payload;
  const facts: Array<[string, string]> = [
    ['Severity', incident.severity],
    ['Status', incident.status],
    ['Service', incident.service_id ?? '—'],
    ['Logs', String(incident.log_count)],
    ['When', payload.occurred_at],
  ];
  const comment = typeof payload.data?.body === 'string' ? payload.data.body : undefined;
  const title = headline(payload);
  const text = [
    title,
    '',
    ...facts.map(([name, value]) => `${name}: ${value}`),
    ...(incident.description ? ['', incident.description] : []),
    ...(comment ? ['', `Comment: ${comment}`] : []),
    '',
    `Open the incident: ${incidentUrl}`,
  ].join('\n');
  const html = [
    `<h1>${escapeHtml(title)}</h1>`,
    '<table>',
    ...facts.map(([name, value]) => `<tr><th align="left">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    ...(incident.description ? [`<p>${escapeHtml(incident.description)}</p>`] : []),
    ...(comment ? [`<blockquote>${escapeHtml(comment)}</blockquote>`] : []),
    `<p><a href="${escapeHtml(incidentUrl)}">Open the incident</a></p>`,
  ].join('\n');
  return { subject: oneLine(title), text, html };
}

export function buildEmailTestMessage(channelName: string, now: Date): EmailMessage {
  const line = `This channel works: test message for "${channelName}", sent ${now.toISOString()}.`;
  return { subject: oneLine(`Test message for channel "${channelName}"`), text: line, html: `<p>${escapeHtml(line)}</p>` };
}
