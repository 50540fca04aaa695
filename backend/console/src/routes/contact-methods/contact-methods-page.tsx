import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { DataTable, type Column } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { PageTitle } from '../../components/page-title';
import { useSession } from '../../session/session-context';
import { ContactMethodActions } from './contact-method-actions';
import { ContactMethodForm } from './contact-method-form';
import { useContactMethodsApi, type ContactMethod, type ContactMethodsApi } from './contact-methods-api';

const TYPE_NAMES: Record<ContactMethod['type'], string> = { EMAIL: 'Email', SLACK_MEMBER: 'Slack mention', WEBHOOK: 'Webhook' };

const columnsFor = (methods: ContactMethodsApi): Column<ContactMethod>[] => [
  { header: 'Label', cell: (method) => method.label },
  { header: 'Type', cell: (method) => TYPE_NAMES[method.type] },
  { header: 'Address', cell: (method) => method.address, className: 'cell-grow' },
  { header: 'Verified', cell: (method) => (method.verified ? 'Yes' : 'Not yet: not paged') },
  { header: 'Actions', cell: (method) => <ContactMethodActions key={method.id} method={method} methods={methods} /> },
];

/**
 * How escalation pages reach the signed-in user; an admin opens another user's with
 * `?user=<id>` (from Setup, Users). Only verified methods are paged.
 */
export function ContactMethodsPage() {
  const [params] = useSearchParams();
  const { can } = useSession();
  const userId = can('user.list') ? (params.get('user') ?? undefined) : undefined;
  const methods = useContactMethodsApi(userId);
  const [added, setAdded] = useState<string>();
  const list = methods.list;
  return (
    <>
      <PageTitle title={userId ? `Contact methods of ${params.get('email') ?? 'a user'}` : 'Contact methods'} />
      <p className="field-hint">Escalation pages reach you through your verified contact methods.</p>
      {list.isPending ? (
        <Loading label="Loading contact methods" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data || list.data.length === 0 ? (
        <EmptyState title="No contact methods: escalation pages cannot reach this person yet." />
      ) : (
        <DataTable caption="Contact methods" columns={columnsFor(methods)} rows={list.data} rowKey={(method) => method.id} />
      )}
      <p role="status" className="field-hint">
        {added ?? ''}
      </p>
      <ContactMethodForm methods={methods} onAdded={setAdded} />
    </>
  );
}
