import { PageHeader } from '../../ui/PageHeader';

export default function EmailsList() {
  return <PageHeader title="Emails" />;
}
