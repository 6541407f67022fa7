import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { mailerApi, subscribersApi, unwrap } from '../api/clients';
import type { Rule } from './rule-model';
import { type JsonSchema, readSchema } from './schema';

/** A value that follows `value` once it has stopped changing for `delay` ms. */
export function useSettled<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** The builder's fields, read from the rule language's JSON Schema (it changes only with a release). */
export function useSegmentFields() {
  const schema = useQuery({
    queryKey: ['segments', 'schema'],
    queryFn: () => unwrap(subscribersApi.GET('/segments/schema')),
    staleTime: Infinity,
  });
  const fields = useMemo(
    () => (schema.data ? readSchema(schema.data as JsonSchema) : undefined),
    [schema.data],
  );
  return { ...schema, fields };
}

/** Tags in use that contain what is being typed, for suggestions. */
export function useTagSuggestions(typed: string) {
  const q = useSettled(typed.trim(), 250);
  return useQuery({
    queryKey: ['tags', q],
    queryFn: () => unwrap(subscribersApi.GET('/tags', { params: { query: { q, limit: 20 } } })),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** Emails to choose from for "was sent the email", newest first. */
export function useCampaignOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['campaigns', 'options'],
    queryFn: () => unwrap(mailerApi.GET('/campaigns', { params: { query: { limit: 200 } } })),
    enabled,
    staleTime: 60_000,
  });
}

/** The live count of unsaved rules, asked for once typing has paused. */
export function useLivePreview(rule: Rule | null) {
  const json = useSettled(rule ? JSON.stringify(rule) : null, 500);
  return useQuery({
    queryKey: ['segments', 'preview', json],
    queryFn: () =>
      unwrap(
        subscribersApi.POST('/segments/preview', {
          body: { rules: JSON.parse(json!) as Record<string, unknown> },
        }),
      ),
    enabled: json !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
