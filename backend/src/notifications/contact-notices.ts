import { escapeHtml, type EmailMessage } from './email-message';

/** What is sent to a contact method outside a page: its verification code, or a test. */
export type ContactNotice = { kind: 'verification'; code: string; label: string } | { kind: 'test'; label: string };

export function noticeLine(notice: ContactNotice): string {
  return notice.kind === 'verification'
    ? `Your verification code for the contact method "${notice.label}" is ${notice.code}. It expires in 15 minutes.`
    : `Test page for your contact method "${notice.label}": it works.`;
}

export function noticeEmail(notice: ContactNotice): EmailMessage {
  const line = noticeLine(notice);
  const subject = notice.kind === 'verification' ? 'Confirm your contact method' : 'Test page';
  return { subject, text: line, html: `<p>${escapeHtml(line)}</p>` };
}

/** The body a personal webhook gets: `contact_method.verification` (with the code) or `notification.test`. */
export function noticeWebhookBody(notice: ContactNotice, id: string, contactMethodId: string, now: Date): string {
  return JSON.stringify({
    id,
    event: notice.kind === 'verification' ? 'contact_method.verification' : 'notification.test',
    occurred_at: now.toISOString(),
    contact_method: { id: contactMethodId, label: notice.label },
    ...(notice.kind === 'verification' ? { code: notice.code } : {}),
  });
}
