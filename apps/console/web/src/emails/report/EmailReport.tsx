import { PageHeader } from '../../ui/PageHeader';

export default function EmailReport() {
  return <PageHeader title="Email report" />;
}
