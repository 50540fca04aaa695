import type { IncidentAnalysis, PatternView } from './analysis.types';
import { deterministicSummary } from './deterministic-summary';
import { buildSummaryPrompt, MAX_PROMPT_BYTES } from './summary-prompt';

const at = (iso: string) => new Date(iso);

function pattern(template: string, count: number): PatternView {
  return {
    template,
    count,
    firstSeen: at('2026-01-01T10:00:00Z'),
    lastSeen: at('2026-01-01T10:10:00Z'),
    example: template,
    services: ['payments'],
    levels: { ERROR: count },
  };
}

function analysis(overrides: Partial<IncidentAnalysis> = {}): IncidentAnalysis {
  return {
    incident: {
      id: '6f1c1d2e-0000-4000-8000-000000000001',
      title: 'High error rate on payments',
      description: null,
      severity: 'HIGH',
      status: 'OPEN',
      serviceId: 'payments',
      ruleId: null,
      logCount: 120,
      firstSeenAt: at('2026-01-01T10:00:00Z'),
      lastSeenAt: at('2026-01-01T10:10:00Z'),
      acknowledgedAt: null,
      resolvedAt: null,
      createdAt: at('2026-01-01T10:00:01Z'),
    },
    linkedLogs: { total: 120, analysed: 120, truncated: false },
    services: [{ serviceId: 'payments', count: 120 }],
    patterns: [pattern('Payment gateway timeout after <DURATION> for tx_<NUM>', 100), pattern('Card declined for user <NUM>', 20)],
    other: { count: 0, templatesEvicted: 0 },
    timeline: { from: at('2026-01-01T09:30:00Z'), to: at('2026-01-01T10:40:00Z'), bucketSeconds: 60, buckets: [] },
    firstError: {
      logId: '17',
      timestamp: at('2026-01-01T10:00:00Z'),
      serviceId: 'payments',
      level: 'ERROR',
      message: 'Payment gateway timeout after 5000ms for tx_1',
      template: 'Payment gateway timeout after <DURATION> for tx_<NUM>',
    },
    rising: [
      {
        template: 'Payment gateway timeout after <DURATION> for tx_<NUM>',
        incidentCount: 100,
        baselineCount: 2,
        incidentRatePerMinute: 10,
        baselineRatePerMinute: 0.033,
        ratio: 198.02,
      },
    ],
    baseline: { from: at('2026-01-01T09:00:00Z'), to: at('2026-01-01T10:00:00Z'), analysed: 2, truncated: false },
    analysedInMs: 12,
    ...overrides,
  };
}

const promptText = (a: IncidentAnalysis) =>
  buildSummaryPrompt(a)
    .map((m) => m.content)
    .join('\n');

describe('the summary prompt', () => {
  it('carries the incident facts, templates and rises, not raw log messages', () => {
    const text = promptText(analysis());
    expect(text).toContain('High error rate on payments');
    expect(text).toContain('[100] ERROR:100 payments | Payment gateway timeout after <DURATION> for tx_<NUM>');
    expect(text).toContain('100 vs 2, x198.02');
    expect(text).not.toContain('5000ms for tx_1');
  });

  it('redacts secrets and personal data wherever they appear', () => {
    const a = analysis();
    a.incident.title = 'Login failures for ops@example.com from 10.1.2.3';
    a.incident.description = 'Seen with Authorization: Bearer abcdefghijklmnop and password=hunter2, key ilm_AAAAAAAAAAAAAAAA';
    a.patterns.push(pattern('token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl rejected for card 4111 1111 1111 1111', 3));
    const text = promptText(a);
    for (const secret of ['ops@example.com', '10.1.2.3', 'abcdefghijklmnop', 'hunter2', 'ilm_AAAA', 'eyJhbGci', '4111 1111']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[EMAIL]');
  });

  it('stays within the byte budget however much there is to say', () => {
    const many = Array.from({ length: 500 }, (_, i) => pattern(`Template number ${i} ${'with a long tail '.repeat(40)}`, 500 - i));
    const a = analysis({ patterns: many });
    a.incident.description = 'é'.repeat(20_000);
    const total = buildSummaryPrompt(a).reduce((sum, m) => sum + Buffer.byteLength(m.content, 'utf8'), 0);
    expect(total).toBeLessThanOrEqual(MAX_PROMPT_BYTES);
    expect(promptText(a)).toContain('Answer with the JSON object only.');
  });
});

describe('the deterministic summary', () => {
  it('names the dominant message, the first error and the biggest rise', () => {
    const { summary, rootCauses } = deterministicSummary(analysis());
    expect(summary).toContain('High error rate on payments (HIGH, OPEN).');
    expect(summary).toContain('120 linked logs from payments');
    expect(summary).toContain('Most frequent message: "Payment gateway timeout after <DURATION> for tx_<NUM>" (100 logs, 83%)');
    expect(summary).toContain('First error at 2026-01-01T10:00:00.000Z on payments');
    expect(rootCauses[0]).toMatch(/^A dependency is timing out/);
    expect(rootCauses.some((cause) => cause.includes('rose x198.02'))).toBe(true);
  });

  it('says so when no logs are linked', () => {
    const { summary, rootCauses } = deterministicSummary(
      analysis({ linkedLogs: { total: 0, analysed: 0, truncated: false }, patterns: [], rising: [], firstError: null, services: [] }),
    );
    expect(summary).toContain('No logs are linked to this incident yet.');
    expect(rootCauses).toEqual([]);
  });
});
