import { ComingSoon } from '../../components/coming-soon';

export function SetupPage() {
  return <ComingSoon title="Setup" what="Users and roles, API keys, detection rules and notification channels." />;
}
