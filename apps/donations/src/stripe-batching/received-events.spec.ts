import { stripeEvent } from '@crm/testing';
import { ReceivedStripeEvents } from './received-events';

const verified = (id: number) => {
  const { type, created, data } = stripeEvent('customer.created', { id: `cus_${id}`, object: 'customer' });
  return { id: `evt_kept_${id}`, type, created, data };
};

describe('ReceivedStripeEvents', () => {
  it('hands a kept event out once; an event it never kept is left to the inbox', () => {
    const received = new ReceivedStripeEvents();
    const event = verified(1);
    received.keep(event);
    expect(received.take(event.id)).toBe(event);
    expect(received.take(event.id)).toBeUndefined();
    expect(received.take('evt_never_kept')).toBeUndefined();
  });

  it('keeps at most 2,048, dropping the oldest', () => {
    const received = new ReceivedStripeEvents();
    const events = Array.from({ length: 2_050 }, (_, index) => verified(index));
    events.forEach((event) => received.keep(event));
    expect(received.take(events[0]!.id)).toBeUndefined();
    expect(received.take(events[1]!.id)).toBeUndefined();
    expect(received.take(events[2]!.id)).toBe(events[2]);
    expect(received.take(events[2_049]!.id)).toBe(events[2_049]);
  });
});
