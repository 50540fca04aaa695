import { Navigate, type RouteObject } from 'react-router';
import { AppShell } from './components/app-shell';
import { LiveEventsProvider } from './live/live-events';
import { Loading } from './components/loading';
import { RouteError } from './components/route-error';
import { NotFoundPage } from './routes/not-found-page';
import { SignInPage } from './routes/sign-in/sign-in-page';
import { RequireAction } from './session/require-action';
import { RequireSession } from './session/require-session';

/**
 * Every screen is a deep link under /console/. Screens load on first visit (lazy), so the
 * initial bundle stays the shell and the first screen. Add a screen: a folder under routes/,
 * one entry here, and one in navigation.ts if it belongs in the main menu.
 */
export const ROUTES: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  {
    path: '/',
    hydrateFallbackElement: <Loading label="Loading the console" />,
    errorElement: <RouteError />,
    element: (
      <RequireSession>
        <LiveEventsProvider>
          <AppShell />
        </LiveEventsProvider>
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/incidents" replace /> },
      { path: 'overview', lazy: async () => ({ Component: (await import('./routes/overview/overview-page')).OverviewPage }) },
      { path: 'incidents', lazy: async () => ({ Component: (await import('./routes/incidents/incidents-page')).IncidentsPage }) },
      { path: 'incidents/:id', lazy: async () => ({ Component: (await import('./routes/incident/incident-page')).IncidentPage }) },
      { path: 'logs', lazy: async () => ({ Component: (await import('./routes/logs/logs-page')).LogsPage }) },
      { path: 'services/:serviceId', lazy: async () => ({ Component: (await import('./routes/service/service-page')).ServicePage }) },
      { path: 'services', lazy: async () => ({ Component: (await import('./routes/services/services-page')).ServicesPage }) },
      {
        path: 'setup',
        lazy: async () => {
          const { SetupPage } = await import('./routes/setup/setup-page');
          return {
            Component: () => (
              <RequireAction action="setup.view">
                <SetupPage />
              </RequireAction>
            ),
          };
        },
        children: [
          { index: true, element: <Navigate to="/setup/rules" replace /> },
          { path: 'rules', lazy: async () => ({ Component: (await import('./routes/setup/rules/rules-page')).RulesPage }) },
          { path: 'channels', lazy: async () => ({ Component: (await import('./routes/setup/channels/channels-page')).ChannelsPage }) },
          { path: 'channels/:id', lazy: async () => ({ Component: (await import('./routes/setup/channels/channel-page')).ChannelPage }) },
          { path: 'users', lazy: async () => ({ Component: (await import('./routes/setup/users/users-page')).UsersPage }) },
          { path: 'api-keys', lazy: async () => ({ Component: (await import('./routes/setup/api-keys/api-keys-page')).ApiKeysPage }) },
          {
            path: 'sign-in-methods',
            lazy: async () => ({ Component: (await import('./routes/setup/sign-in-methods/sign-in-methods-page')).SignInMethodsPage }),
          },
          { path: 'audit', lazy: async () => ({ Component: (await import('./routes/setup/audit/audit-page')).AuditPage }) },
        ],
      },
      { path: 'schedules', lazy: async () => ({ Component: (await import('./routes/schedules/schedules-page')).SchedulesPage }) },
      { path: 'schedules/:id', lazy: async () => ({ Component: (await import('./routes/schedules/schedule-page')).SchedulePage }) },
      { path: 'silences', lazy: async () => ({ Component: (await import('./routes/silences/silences-page')).SilencesPage }) },
      {
        path: 'contact-methods',
        lazy: async () => ({ Component: (await import('./routes/contact-methods/contact-methods-page')).ContactMethodsPage }),
      },
      {
        path: 'escalation-policies',
        lazy: async () => {
          const { EscalationPoliciesPage } = await import('./routes/escalation-policies/escalation-policies-page');
          return {
            Component: () => (
              <RequireAction action="escalation.manage">
                <EscalationPoliciesPage />
              </RequireAction>
            ),
          };
        },
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
