import { useQuery } from '@tanstack/react-query';
import { subscribersApi, unwrap } from '../api/clients';

export const TOPICS_KEY = ['topics'] as const;

const listTopics = () => unwrap(subscribersApi.GET('/topics'));

/** The email topics (Newsletter, Appeals…), for the topics screen and the audience builder's topic picker. */
export function useTopics() {
  return useQuery({ queryKey: TOPICS_KEY, queryFn: listTopics, staleTime: 30_000 });
}

export type Topic = NonNullable<ReturnType<typeof useTopics>['data']>['items'][number];
