import { PageHeader } from '../../ui/PageHeader';

export default function EmailWizard() {
  return <PageHeader title="New email" />;
}
