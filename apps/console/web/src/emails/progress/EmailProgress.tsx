import { PageHeader } from '../../ui/PageHeader';

export default function EmailProgress() {
  return <PageHeader title="Email" />;
}
