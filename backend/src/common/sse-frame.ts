/** Server-Sent Events wire format (https://html.spec.whatwg.org/multipage/server-sent-events.html). */

const singleLine = (value: string) => value.replace(/[\r\n]+/g, ' ');

/** One event; `data` is JSON, which never contains a raw newline, so it fits one `data:` line. */
export function sseEvent(input: { id?: string; event?: string; data: unknown }): string {
  let frame = '';
  if (input.id) frame += `id: ${singleLine(input.id)}\n`;
  if (input.event) frame += `event: ${singleLine(input.event)}\n`;
  return `${frame}data: ${JSON.stringify(input.data)}\n\n`;
}

/** An event whose data is JSON text already (built by the database), on one `data:` line. */
export const sseJsonEvent = (event: string, json: string): string => `event: ${singleLine(event)}\ndata: ${singleLine(json)}\n\n`;

/** A comment line: ignored by EventSource, but it keeps proxies from closing an idle stream. */
export const sseComment = (text: string): string => `: ${singleLine(text)}\n\n`;

/** How long EventSource waits before reconnecting (it then sends Last-Event-ID). */
export const sseRetry = (ms: number): string => `retry: ${Math.max(0, Math.floor(ms))}\n\n`;
