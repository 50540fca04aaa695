import { Link } from 'react-router';
import { EmptyState } from '../components/empty-state';
import { PageTitle } from '../components/page-title';

export function NotFoundPage() {
  return (
    <>
      <PageTitle title="Page not found" />
      <EmptyState title="There is no such page in the console.">
        <Link to="/incidents">Go to the incidents</Link>
      </EmptyState>
    </>
  );
}
