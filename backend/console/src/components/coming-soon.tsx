import { EmptyState } from './empty-state';
import { PageTitle } from './page-title';

/** A routed screen that is not built yet: says so plainly instead of showing invented data. */
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <>
      <PageTitle title={title} />
      <EmptyState title={`${title}: coming soon`}>
        <p>{what}</p>
        <p>
          Until then, the same data is available through the API (see <a href="/api">the API documentation</a>).
        </p>
      </EmptyState>
    </>
  );
}
