import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { SummaryText } from './deterministic-summary';
import type { ChatMessage } from './summary-prompt';

export const FALLBACK_REASONS = ['not_configured', 'timeout', 'unreachable', 'http_error', 'invalid_response'] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

export type LlmOutcome = ({ ok: true; model: string } & SummaryText) | { ok: false; reason: FallbackReason; detail: string };

const MAX_ANSWER_BYTES = 1024 * 1024;
const MAX_SUMMARY_CHARS = 4000;
const MAX_CAUSE_CHARS = 500;
const MAX_CAUSES = 10;
const MAX_COMPLETION_TOKENS = 800;

/** `https://host/v1`, `https://host/v1/` and `https://host/v1/chat/completions` all work. */
export function chatCompletionsUrl(base: string): string {
  const trimmed = base.trim().replace(/\/+$/, '');
  return /\/chat\/completions$/.test(trimmed) ? trimmed : `${trimmed}/chat/completions`;
}

// C0 controls but tab and newline, DEL, and unpaired surrogates: a model may answer them, the
// timeline cannot store NUL (PostgreSQL refuses it) and the rest only garbles what people read.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The model's text as stored and shown: printable, trimmed, at most `max` characters. */
const text = (value: unknown, max: number): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(UNPRINTABLE, '').trim();
  if (!trimmed) return undefined;
  // Cutting between the halves of a surrogate pair would leave one that jsonb refuses.
  return trimmed.length > max ? `${trimmed.slice(0, max - 1).replace(/[\ud800-\udbff]$/, '')}…` : trimmed;
};

/** The JSON object in a model's answer, tolerating code fences and prose around it. */
function extractObject(content: string): Record<string, unknown> | undefined {
  const attempts = [content.trim(), content.slice(content.indexOf('{'), content.lastIndexOf('}') + 1)];
  for (const attempt of attempts) {
    try {
      const parsed: unknown = JSON.parse(attempt);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

/**
 * The summary in an OpenAI-style chat completion body, or undefined when the answer is not
 * usable. Root causes may come as strings or as objects with a text field.
 */
export function parseSummaryAnswer(body: unknown): SummaryText | undefined {
  const choices = (body as { choices?: unknown } | null)?.choices;
  const content = Array.isArray(choices) ? (choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content : undefined;
  if (typeof content !== 'string') return undefined;
  const answer = extractObject(content);
  const summary = text(answer?.summary, MAX_SUMMARY_CHARS);
  if (!answer || !summary) return undefined;
  const rawCauses = answer.root_causes ?? answer.rootCauses;
  const rootCauses = (Array.isArray(rawCauses) ? rawCauses : [])
    .map((cause: unknown) => {
      if (typeof cause === 'string') return text(cause, MAX_CAUSE_CHARS);
      const c = (cause ?? {}) as Record<string, unknown>;
      return text(c.cause ?? c.title ?? c.description ?? c.text, MAX_CAUSE_CHARS);
    })
    .filter((cause): cause is string => cause !== undefined)
    .slice(0, MAX_CAUSES);
  return { summary, rootCauses };
}

async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const isTimeout = (error: unknown) => error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

/** One call to an OpenAI-compatible /chat/completions endpoint; never throws. */
@Injectable()
export class LlmClient {
  private readonly logger = new Logger(LlmClient.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async summarize(messages: ChatMessage[]): Promise<LlmOutcome> {
    const { apiUrl, apiKey, model, timeoutMs } = this.config.llm;
    if (!apiUrl) return { ok: false, reason: 'not_configured', detail: 'LLM_API_URL is not set' };
    const outcome = await this.call(chatCompletionsUrl(apiUrl), apiKey, model, timeoutMs, messages);
    if (!outcome.ok) this.logger.warn(`LLM summary failed (${outcome.reason}): ${outcome.detail}`);
    return outcome;
  }

  private async call(
    url: string,
    apiKey: string | undefined,
    model: string,
    timeoutMs: number,
    messages: ChatMessage[],
  ): Promise<LlmOutcome> {
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let raw: string | undefined;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: JSON.stringify({ model, messages, temperature: 0.2, max_tokens: MAX_COMPLETION_TOKENS }),
        // A redirect would resend the prompt to an address nobody configured.
        redirect: 'manual',
        signal,
      });
      raw = await readCapped(response, MAX_ANSWER_BYTES);
    } catch (error) {
      if (isTimeout(error) || signal.aborted) return { ok: false, reason: 'timeout', detail: `no answer within ${timeoutMs} ms` };
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { ok: false, reason: 'unreachable', detail: cause ?? (error instanceof Error ? error.message : String(error)) };
    }
    if (!response.ok) return { ok: false, reason: 'http_error', detail: `HTTP ${response.status}` };
    if (raw === undefined) return { ok: false, reason: 'invalid_response', detail: `answer larger than ${MAX_ANSWER_BYTES} bytes` };
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return { ok: false, reason: 'invalid_response', detail: 'answer is not JSON' };
    }
    const parsed = parseSummaryAnswer(body);
    if (!parsed) return { ok: false, reason: 'invalid_response', detail: 'answer has no usable {summary, root_causes}' };
    const answeredModel = text((body as { model?: unknown }).model, 200);
    return { ok: true, model: answeredModel ?? model, ...parsed };
  }
}
