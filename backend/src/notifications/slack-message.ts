import type { IncidentEventPayload, IncidentEventType } from '../outbox';

/** Slack's limit on a header block's text. */
const HEADER_MAX = 150;

const EVENT_TITLES: Record<IncidentEventType, string> = {
  'incident.opened': 'Incident opened',
  'incident.acknowledged': 'Incident acknowledged',
  'incident.resolved': 'Incident resolved',
  'incident.reopened': 'Incident reopened',
  'incident.severity_changed': 'Severity changed',
  'incident.comment_added': 'New comment',
  'incident.assigned': 'Incident assigned',
  'incident.updated': 'Incident updated',
  'incident.escalated': 'Incident escalated',
};

const SEVERITY_MARKS: Record<IncidentEventPayload['incident']['severity'], string> = {
  LOW: ':large_blue_circle:',
  MEDIUM: ':large_yellow_circle:',
  HIGH: ':large_orange_circle:',
  CRITICAL: ':red_circle:',
};

/** mrkdwn treats these three as markup; everything user-written is escaped. */
export const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const truncate = (text: string, max: number): string => (text.length <= max ? text : text.slice(0, max - 1) + '…');

/** Slack renders the time in each reader's own time zone, with the ISO string as fallback. */
function slackTime(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return Number.isNaN(seconds) ? escapeMrkdwn(iso) : `<!date^${seconds}^{date_short_pretty} {time_secs}|${iso}>`;
}

/** A Block Kit message for one incident event (Slack incoming webhook body). */
export function buildSlackMessage(payload: IncidentEventPayload, incidentUrl: string): Record<string, unknown> {
  const { incident } = payload;
  const title = `${EVENT_TITLES[payload.event] ?? payload.event}: ${incident.title}`;
  const comment = typeof payload.data?.body === 'string' ? payload.data.body : undefined;
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, HEADER_MAX), emoji: true } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Severity*\n${SEVERITY_MARKS[incident.severity] ?? ''} ${incident.severity}` },
        { type: 'mrkdwn', text: `*Service*\n${escapeMrkdwn(incident.service_id ?? '(none)')}` },
        { type: 'mrkdwn', text: `*Status*\n${incident.status}` },
        { type: 'mrkdwn', text: `*Count*\n${incident.log_count} logs` },
        { type: 'mrkdwn', text: `*Time*\n${slackTime(payload.occurred_at)}` },
      ],
    },
  ];
  if (comment) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `>${escapeMrkdwn(truncate(comment, 2500))}` } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Incident \`${incident.id}\` · <${incidentUrl}|Open in the API> · event \`${payload.id}\`` }],
  });
  // `text` is what notifications and screen readers show. Slack parses it as mrkdwn too, so it
  // is escaped like the blocks: a title must not mention <!channel> or hide a link.
  return { text: escapeMrkdwn(`[${incident.severity}] ${title}`), blocks };
}

export function buildSlackTestMessage(channelName: string, sentAt: Date): Record<string, unknown> {
  const text = escapeMrkdwn(`Test message for channel "${channelName}" from the incident platform`);
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Test notification', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: `${text}, sent ${slackTime(sentAt.toISOString())}.` } },
    ],
  };
}
