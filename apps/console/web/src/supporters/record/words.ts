import type { components } from '../../api/generated/subscribers';
import { date } from '../../format';

export type Profile = components['schemas']['SupporterProfileDto'];
export type Channel = components['schemas']['ChannelPreferenceDto']['channel'];
export type ChannelPreference = components['schemas']['ChannelPreferenceDto'];
export type PreferenceEvent = components['schemas']['ContactPreferenceEventDto'];
export type FpsRequest = components['schemas']['FpsRequestDto'];
type Basis = NonNullable<ChannelPreference['basis']>;

export const CHANNELS: readonly Channel[] = ['email', 'post', 'phone', 'sms'];

export const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'Email',
  post: 'Post',
  phone: 'Phone',
  sms: 'Text message',
};

export const BASIS_LABELS: Record<Basis, string> = {
  consent: 'consent',
  legitimate_interests: 'legitimate interests',
  supporter_request: 'at their request',
  fps_request: 'Fundraising Preference Service request',
  merge: 'kept when two records were merged',
};

/** A day written as YYYY-MM-DD (no time of day) in UK order: "2027-01-04" → "04/01/2027". */
export function calendarDate(day: string | null | undefined): string {
  if (!day) return '';
  const [year, month, dayOfMonth] = day.slice(0, 10).split('-');
  return year && month && dayOfMonth ? `${dayOfMonth}/${month}/${year}` : day;
}

/** "Post: yes — legitimate interests, since 03/02/2026"; "Phone: not recorded". */
export function preferenceSentence(preference: ChannelPreference): string {
  const label = CHANNEL_LABELS[preference.channel];
  if (preference.status === 'not_recorded') return `${label}: not recorded`;
  const answer = preference.status === 'allowed' ? 'yes' : 'no';
  const basis = preference.basis ? ` — ${BASIS_LABELS[preference.basis]}` : '';
  const since = preference.updatedAt ? `, since ${date(preference.updatedAt)}` : '';
  return `${label}: ${answer}${basis}${since}`;
}

/** Whether the channel may be used today, and if not why, in words (the death is said once, above). */
export function contactableNote(preference: ChannelPreference, person: Profile): string | null {
  if (person.deceased) return null;
  if (preference.contactable) return 'May be used now.';
  if (preference.status === 'refused') return 'Not to be used.';
  switch (preference.channel) {
    case 'email':
      return 'Not emailed: no confirmed newsletter subscription.';
    case 'post':
      return 'Not posted to: no address on record.';
    case 'phone':
      return 'Not phoned: no number on record.';
    case 'sms':
      return 'No texts: needs a number and their consent.';
  }
}

/** "Post: yes — legitimate interests (06/12/2026 by Sam Smith)"; an FPS row names its request instead. */
export function eventSentence(event: PreferenceEvent): string {
  const answer = event.status === 'allowed' ? 'yes' : 'no';
  const who = event.recordedBy ? ` by ${event.recordedBy}` : '';
  const why = event.basis === 'fps_request' && event.note ? event.note : BASIS_LABELS[event.basis];
  return `${CHANNEL_LABELS[event.channel]}: ${answer} — ${why} (${date(event.occurredAt)}${who})`;
}

/** The staff note of a history row, unless the sentence already shows it. */
export function eventNote(event: PreferenceEvent): string | null {
  return event.basis === 'fps_request' ? null : event.note;
}

/** "email and post"; "post, phone and text message". */
export function channelList(channels: readonly Channel[]): string {
  const names = channels.map((channel) => CHANNEL_LABELS[channel].toLowerCase());
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Today in London as YYYY-MM-DD, for date inputs' upper bound. */
export function londonToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
}
