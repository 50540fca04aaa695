import type { NodeEnv } from '../config/config.schema';

export const DEVELOPMENT_ADMIN_EMAIL = 'admin@localhost';

export type InitialAdminPlan =
  { kind: 'configured'; email: string; password: string } | { kind: 'generated'; email: string } | { kind: 'none'; warn: boolean };

/** What to do on a first start (no users at all). */
export function planInitialAdmin(settings: { nodeEnv: NodeEnv; adminEmail?: string; adminPassword?: string }): InitialAdminPlan {
  if (settings.adminEmail && settings.adminPassword) {
    return { kind: 'configured', email: settings.adminEmail.trim().toLowerCase(), password: settings.adminPassword };
  }
  if (settings.nodeEnv === 'development') return { kind: 'generated', email: DEVELOPMENT_ADMIN_EMAIL };
  // Tests seed their own users; production must be told, since nobody could sign in.
  return { kind: 'none', warn: settings.nodeEnv === 'production' };
}

/** A box that stands out in a scrolling console, because the password is shown only once. */
export function oneTimePasswordBanner(email: string, password: string): string {
  const lines = [
    'No users existed, so an ADMIN was created:',
    `  email:    ${email}`,
    `  password: ${password}`,
    'This password is shown only this once. Sign in and change it',
    '(POST /auth/password), or set ADMIN_EMAIL and ADMIN_PASSWORD instead.',
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const border = '+' + '-'.repeat(width + 2) + '+';
  return ['', border, ...lines.map((line) => `| ${line.padEnd(width)} |`), border].join('\n');
}
