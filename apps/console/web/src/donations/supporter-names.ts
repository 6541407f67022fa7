import { useQueries } from '@tanstack/react-query';
import { subscribersApi, unwrap } from '../api/clients';
import { personName } from '../format';
import { type Gift, type MonthlyGift, text } from './labels';

/**
 * Gifts recorded against an existing supporter carry no name of their own; the supporter's record
 * has it. Fetched once per supporter (the profile's query, so a profile opened later is instant).
 */
export function useDonorNames(gifts: readonly (Gift | MonthlyGift)[]): (gift: Gift | MonthlyGift) => string {
  const missing = [
    ...new Set(
      gifts
        .filter((gift) => !text(gift.donorName) && text(gift.supporterId))
        .map((gift) => text(gift.supporterId)!),
    ),
  ];
  const profiles = useQueries({
    queries: missing.map((id) => ({
      queryKey: ['supporters', id],
      queryFn: () => unwrap(subscribersApi.GET('/supporters/{id}', { params: { path: { id } } })),
      staleTime: 60_000,
    })),
  });
  const names = new Map<string, string>();
  profiles.forEach((profile, index) => {
    if (profile.data) {
      names.set(
        missing[index]!,
        personName(profile.data.firstName, profile.data.lastName, profile.data.email ?? 'Erased supporter'),
      );
    }
  });
  return (gift) => {
    const supporterId = text(gift.supporterId);
    return (
      text(gift.donorName) ??
      (supporterId ? names.get(supporterId) : undefined) ??
      text(gift.email) ??
      (supporterId ? 'Supporter' : 'Anonymous donor')
    );
  };
}
