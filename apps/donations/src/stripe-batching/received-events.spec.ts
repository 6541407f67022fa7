import { stripeEvent } from '@crm/testing';
import { ReceivedStripeEvents } from './received-events';

const verified = (id: number) => {
  const { type, created, data } = stripeEvent('customer.created', { id: `cus_${id}`, object: 'customer' });
  return { id: `evt_kept_${id}`, type, created, data };
};

describe('ReceivedStripeEvents', () => {
  afterEach(() => jest.useRealTimers());

  it('hands a kept event out once; an event it never kept is left to the inbox', () => {
    const received = new ReceivedStripeEvents();
    const event = verified(1);
    received.keep(event);
    expect(received.take(event.id)).toBe(event);
    expect(received.take(event.id)).toBeUndefined();
    expect(received.take('evt_never_kept')).toBeUndefined();
  });

  it('keeps at most 1,024 waiting: the first ones, to be processed first; newer ones are read back', () => {
    const received = new ReceivedStripeEvents();
    const events = Array.from({ length: 1_026 }, (_, index) => verified(index));
    events.forEach((event) => received.keep(event));
    expect(received.take(events[0]!.id)).toBe(events[0]);
    expect(received.take(events[1_023]!.id)).toBe(events[1_023]);
    expect(received.take(events[1_024]!.id)).toBeUndefined();
    received.keep(events[1_025]!);
    expect(received.take(events[1_025]!.id)).toBe(events[1_025]);
  });

  it('drops an event kept for 5 s (processed by another process) when the next one comes', () => {
    jest.useFakeTimers({ now: new Date('2026-12-08T10:00:00Z') });
    const received = new ReceivedStripeEvents();
    const [elsewhere, recent, next] = [verified(1), verified(2), verified(3)];
    received.keep(elsewhere);
    jest.setSystemTime(new Date('2026-12-08T10:00:03Z'));
    received.keep(recent);
    jest.setSystemTime(new Date('2026-12-08T10:00:05Z'));
    received.keep(next);
    expect(received.take(elsewhere.id)).toBeUndefined();
    expect(received.take(recent.id)).toBe(recent);
    expect(received.take(next.id)).toBe(next);
  });
});
