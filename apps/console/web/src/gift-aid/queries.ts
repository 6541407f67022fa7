import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { donationsApi, unwrap } from '../api/clients';
import { saveFile } from '../supporters/download';

/** Every Gift Aid query starts with this key, so any change refreshes the screen's figures and lists. */
export const GIFT_AID = ['gift-aid'] as const;

export const useEligibleSummary = () =>
  useQuery({
    queryKey: [...GIFT_AID, 'eligible-summary'],
    queryFn: () => unwrap(donationsApi.GET('/gift-aid/eligible/summary')),
  });

export const useClaims = () =>
  useQuery({
    queryKey: [...GIFT_AID, 'claims'],
    queryFn: () => unwrap(donationsApi.GET('/gift-aid/claims', { params: { query: { limit: 50 } } })),
  });

export const useClaim = (id: string) =>
  useQuery({
    queryKey: [...GIFT_AID, 'claims', id],
    queryFn: () => unwrap(donationsApi.GET('/gift-aid/claims/{id}', { params: { path: { id } } })),
  });

export const useAwaitingConfirmation = () =>
  useQuery({
    queryKey: [...GIFT_AID, 'awaiting-confirmation'],
    queryFn: () => unwrap(donationsApi.GET('/gift-aid/declarations/awaiting-confirmation')),
  });

export const useDeclarations = (supporterId: string) =>
  useQuery({
    queryKey: [...GIFT_AID, 'declarations', supporterId],
    queryFn: () =>
      unwrap(
        donationsApi.GET('/supporters/{id}/gift-aid-declarations', { params: { path: { id: supporterId } } }),
      ),
  });

/** After a change: everything Gift Aid shows may have moved (figures, claims, declarations). */
export function useRefreshGiftAid() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: GIFT_AID });
}

/** Sends an oral declaration's written confirmation by email, or records its printed letter as posted. */
export function useSendConfirmation() {
  const refresh = useRefreshGiftAid();
  return useMutation({
    mutationFn: ({ id, channel }: { id: string; channel: 'email' | 'post' }) =>
      unwrap(
        donationsApi.POST('/gift-aid/declarations/{id}/confirmation', {
          params: { path: { id } },
          body: { channel },
        }),
      ),
    onSuccess: refresh,
  });
}

/** The printable confirmation letter, served by the donations app through the console's proxy. */
export const letterUrl = (declarationId: string): string =>
  `/api/donations/gift-aid/declarations/${declarationId}/confirmation-letter`;

const SCHEDULE_TYPES = {
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv',
} as const;

/** Downloads a claim's schedule as HMRC's spreadsheet layout (.ods) or as CSV. */
export function useDownloadSchedule() {
  return useMutation({
    mutationFn: async ({
      claim,
      format,
    }: {
      claim: { id: string; createdAt: string };
      format: 'ods' | 'csv';
    }) => {
      const path =
        format === 'ods' ? '/gift-aid/claims/{id}/schedule.ods' : '/gift-aid/claims/{id}/schedule.csv';
      // openapi-fetch has already read the body into `data`; the response cannot be read twice.
      const { data } = await donationsApi.GET(path, {
        params: { path: { id: claim.id } },
        parseAs: 'blob',
      });
      const day = claim.createdAt.slice(0, 10);
      saveFile(data as Blob, `gift-aid-schedule-${day}.${format}`, SCHEDULE_TYPES[format]);
    },
  });
}
