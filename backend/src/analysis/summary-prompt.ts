import type { IncidentAnalysis } from './analysis.types';
import { redact } from './redaction';

/** Upper bound of everything sent to the model (system + user message), in UTF-8 bytes. */
export const MAX_PROMPT_BYTES = 8 * 1024;
const MAX_LINE_CHARS = 400;
const TOP_TEMPLATES = 15;
const TOP_RISING = 5;

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export const SYSTEM_PROMPT =
  'You are an experienced site reliability engineer. You get the facts of an incident and the templates of its logs ' +
  '(variable parts replaced by placeholders such as <NUM> or <*>; personal data and secrets replaced by markers such as ' +
  '[EMAIL] or [REDACTED]). Write a concise summary of what is going on (at most 5 sentences) and up to 5 likely root ' +
  'causes, most likely first. Answer with one JSON object and nothing else: {"summary": string, "root_causes": string[]}.';

const iso = (date: Date | null) => (date ? date.toISOString() : 'unknown');
const clip = (line: string) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line);
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function factLines(analysis: IncidentAnalysis): string[] {
  const { incident, linkedLogs, services, firstError, timeline } = analysis;
  const peak = timeline.buckets.reduce<(typeof timeline.buckets)[number] | undefined>(
    (best, bucket) => (!best || bucket.total + bucket.linked > best.total + best.linked ? bucket : best),
    undefined,
  );
  return [
    'Incident:',
    `- title: ${incident.title}`,
    `- severity: ${incident.severity}; status: ${incident.status}`,
    `- service: ${incident.serviceId ?? 'none'}; services in its logs: ${services.map((s) => `${s.serviceId} (${s.count})`).join(', ') || 'none'}`,
    `- first seen: ${iso(incident.firstSeenAt)}; last seen: ${iso(incident.lastSeenAt)}; opened: ${iso(incident.createdAt)}`,
    `- linked logs: ${linkedLogs.total}${linkedLogs.truncated ? ` (newest ${linkedLogs.analysed} analysed)` : ''}`,
    ...(incident.description ? [`- description: ${incident.description}`] : []),
    ...(firstError
      ? [`First error: ${iso(firstError.timestamp)} ${firstError.serviceId} ${firstError.level}: ${firstError.template}`]
      : []),
    ...(peak && peak.total + peak.linked > 0
      ? [`Busiest ${timeline.bucketSeconds / 60}-minute bucket: ${iso(peak.start)} with ${peak.total} logs (${peak.errors} errors)`]
      : []),
  ];
}

function templateLines(analysis: IncidentAnalysis): string[] {
  const lines: string[] = [];
  if (analysis.patterns.length) {
    lines.push('Most frequent log templates (count, levels, services):');
    for (const p of analysis.patterns.slice(0, TOP_TEMPLATES)) {
      const levels = Object.entries(p.levels)
        .map(([level, count]) => `${level}:${count}`)
        .join(' ');
      lines.push(`- [${p.count}] ${levels} ${p.services.join(',')} | ${p.template}`);
    }
  }
  if (analysis.rising.length) {
    lines.push('Templates that rose most against the hour before (count in incident vs hour before, rate ratio):');
    for (const r of analysis.rising.slice(0, TOP_RISING))
      lines.push(`- ${r.incidentCount} vs ${r.baselineCount}, x${r.ratio} | ${r.template}`);
  }
  return lines;
}

/**
 * The chat messages for the summary: built from the analysis (templates and counts, never
 * raw logs), redacted line by line and once more as a whole, and cut to MAX_PROMPT_BYTES.
 */
export function buildSummaryPrompt(analysis: IncidentAnalysis): ChatMessage[] {
  const system = redact(SYSTEM_PROMPT);
  const closing = 'Answer with the JSON object only.';
  let budget = MAX_PROMPT_BYTES - bytes(system) - bytes(closing) - 1;
  const kept: string[] = [];
  for (const raw of [...factLines(analysis), ...templateLines(analysis)]) {
    const line = clip(redact(raw));
    const cost = bytes(line) + 1;
    if (cost > budget) break;
    kept.push(line);
    budget -= cost;
  }
  const user = redact([...kept, closing].join('\n'));
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}
