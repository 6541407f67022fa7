import { PageHeader } from '../ui/PageHeader';

export default function AudiencesList() {
  return <PageHeader title="Audiences" />;
}
