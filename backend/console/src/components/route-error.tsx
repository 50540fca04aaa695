import { useRouteError } from 'react-router';
import { ErrorState } from './error-state';

/** A screen that failed to load or render: said in words, with a way out (reload fetches the current build). */
export function RouteError() {
  const error = useRouteError();
  return (
    <main id="main" className="app-main">
      <ErrorState title="This page could not be shown" error={error} onRetry={() => window.location.reload()} />
    </main>
  );
}
