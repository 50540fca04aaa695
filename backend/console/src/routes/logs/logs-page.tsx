import { ComingSoon } from '../../components/coming-soon';

export function LogsPage() {
  return <ComingSoon title="Logs" what="Search and filter logs by service, level, time and text." />;
}
