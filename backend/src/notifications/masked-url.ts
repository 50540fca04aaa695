/**
 * A webhook URL as shown after creation: scheme and host only. The path of a Slack
 * incoming webhook (and of many others) is the credential itself.
 */
export function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return '…';
  }
}
