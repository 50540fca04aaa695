import { useParams } from 'react-router';
import { ComingSoon } from '../../components/coming-soon';

export function IncidentPage() {
  const { id } = useParams();
  return <ComingSoon title="Incident" what={`The incident ${id ?? ''} with its evidence, analysis and timeline, and the actions on it.`} />;
}
