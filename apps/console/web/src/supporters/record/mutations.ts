import { useMutation, useQueryClient } from '@tanstack/react-query';
import { subscribersApi, unwrap } from '../../api/clients';
import { ApiError } from '../../api/errors';
import type { components } from '../../api/generated/subscribers';

type Changes = components['schemas']['UpdateSupporterDto'];

/** A PATCH of the supporter that refreshes the profile afterwards. */
export function useUpdateSupporter(id: string, onSaved?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: Changes) =>
      unwrap(subscribersApi.PATCH('/supporters/{id}', { params: { path: { id } }, body: changes })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['supporters'] });
      onSaved?.();
    },
  });
}

/** The error for a field or anything under it ("address.lines" matches "address.lines.0"). */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const entry = Object.entries(error.fieldErrors).find(
    ([name]) => name === field || name.startsWith(`${field}.`),
  );
  return entry?.[1];
}

/** True when the error names one of these fields, so it is shown beside the field, not above the form. */
export function aboutFields(error: unknown, fields: readonly string[]): boolean {
  return fields.some((field) => fieldError(error, field) !== undefined);
}
