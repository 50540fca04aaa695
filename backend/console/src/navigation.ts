import type { Action } from './session/permissions';

export interface NavItem {
  path: string;
  label: string;
  /** Shown only to users allowed this action. */
  requires?: Action;
}

/** The main navigation, in order. A new screen: a route in routes.tsx and, if top-level, an entry here. */
export const NAVIGATION: NavItem[] = [
  { path: '/overview', label: 'Overview' },
  { path: '/incidents', label: 'Incidents' },
  { path: '/logs', label: 'Logs' },
  { path: '/services', label: 'Services' },
  { path: '/schedules', label: 'Schedules' },
  { path: '/escalation-policies', label: 'Escalation', requires: 'escalation.manage' },
  { path: '/silences', label: 'Silences' },
  { path: '/contact-methods', label: 'Contact methods' },
  { path: '/setup', label: 'Setup', requires: 'setup.view' },
];
