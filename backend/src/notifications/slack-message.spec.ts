import type { IncidentEventPayload } from '../outbox';
import { buildSlackMessage, buildSlackTestMessage, escapeMrkdwn } from './slack-message';

const payload: IncidentEventPayload = {
  id: '0b6e7c1a-5d4f-4e3b-9a2c-1d0e9f8a7b6c',
  event: 'incident.opened',
  occurred_at: '2026-01-15T10:00:00.000Z',
  incident: {
    id: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
    title: 'Error burst on <checkout> & payments',
    description: null,
    severity: 'HIGH',
    status: 'OPEN',
    service_id: 'checkout',
    rule_id: null,
    assignee_id: null,
    log_count: 12,
    first_seen_at: null,
    last_seen_at: null,
    created_at: '2026-01-15T10:00:00.000Z',
    updated_at: '2026-01-15T10:00:00.000Z',
  },
};

describe('buildSlackMessage', () => {
  const message = buildSlackMessage(payload, 'https://incidents.example.com/incidents/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d') as any;
  const text = JSON.stringify(message);

  it('has a header with the event and title, and fields for severity, service, status, count and time', () => {
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Incident opened: Error burst on <checkout> & payments', emoji: true },
    });
    const fields = message.blocks[1].fields.map((f: { text: string }) => f.text.split('\n')[0]);
    expect(fields).toEqual(['*Severity*', '*Service*', '*Status*', '*Count*', '*Time*']);
    expect(text).toContain('HIGH');
    expect(text).toContain('12 logs');
    expect(text).toContain('<!date^1768471200^');
  });

  it('ends with the incident id and a link to it in the API', () => {
    const context = message.blocks.at(-1);
    expect(context.type).toBe('context');
    expect(context.elements[0].text).toContain('5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d');
    expect(context.elements[0].text).toContain('<https://incidents.example.com/incidents/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d|');
  });

  it('has a fallback text with the severity, escaped like the blocks (Slack parses it as mrkdwn)', () => {
    expect(message.text).toBe('[HIGH] Incident opened: Error burst on &lt;checkout&gt; &amp; payments');
  });

  it('cannot mention @channel or link through the title in the fallback text', () => {
    const hostile = buildSlackMessage(
      { ...payload, incident: { ...payload.incident, title: '<!channel> see <https://evil.test|here>' } },
      'x',
    ) as {
      text: string;
    };
    expect(hostile.text).not.toMatch(/[<>]/);
    expect(hostile.text).toContain('&lt;!channel&gt;');
  });

  it('escapes the channel name in the test message fallback text', () => {
    const test = buildSlackTestMessage('<!here> ops', new Date('2026-01-15T10:00:00.000Z')) as { text: string };
    expect(test.text).toBe('Test message for channel "&lt;!here&gt; ops" from the incident platform');
  });

  it('escapes user text in mrkdwn so it cannot inject links or mentions', () => {
    expect(escapeMrkdwn('<!channel> & <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
  });
});
