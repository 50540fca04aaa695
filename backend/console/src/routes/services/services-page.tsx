import { ComingSoon } from '../../components/coming-soon';

export function ServicesPage() {
  return <ComingSoon title="Services" what="Every service that sends logs, with its volume, errors and open incidents." />;
}
