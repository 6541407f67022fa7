import { PageHeader } from '../ui/PageHeader';

export default function AudienceEditor() {
  return <PageHeader title="Audience" />;
}
