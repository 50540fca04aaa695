import { ComingSoon } from '../../components/coming-soon';

export function OverviewPage() {
  return <ComingSoon title="Overview" what="Open incidents by severity, log volume and error rates by service, MTTA and MTTR." />;
}
