import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { subscribersApi, unwrap } from '../api/clients';
import { ErrorNotice, Loading } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { AudienceForm } from './AudienceForm';
import { useSegmentFields } from './queries';
import './audiences.css';

const useSegment = (id: string | null) =>
  useQuery({
    queryKey: ['segments', 'one', id],
    queryFn: () => unwrap(subscribersApi.GET('/segments/{id}', { params: { path: { id: id! } } })),
    enabled: id !== null,
  });

/** `/audiences/new` (optionally `?from=<id>` to start from another audience) and `/audiences/:id`. */
export default function AudienceEditor() {
  const { id = 'new' } = useParams();
  const [params] = useSearchParams();
  const isNew = id === 'new';
  const schema = useSegmentFields();
  const segment = useSegment(isNew ? null : id);
  const from = useSegment(isNew ? params.get('from') : null);
  const error = schema.error ?? segment.error ?? from.error;
  if (error) {
    return (
      <>
        <PageHeader title="Audience" />
        <ErrorNotice error={error} />
        <p>
          <Link to="/audiences">Back to audiences</Link>
        </p>
      </>
    );
  }
  if (!schema.fields || segment.isLoading || from.isLoading) return <Loading what="Loading the audience" />;
  return (
    <AudienceForm
      key={`${id}:${from.data?.id ?? ''}`}
      fields={schema.fields}
      segment={segment.data}
      startFrom={from.data}
    />
  );
}
