import { donationsEventsQueue, subscribersEventsQueue, transactionalMailQueue } from '@crm/queues';
import {
  checkoutSessionObject,
  disputeObject,
  invoiceObject,
  invoicePaymentObject,
  nextStripeTime,
  refundedChargeObject,
  stripeEvent,
  stripeTestId,
  type StripeTestEvent,
  subscriptionObject,
  waitFor,
} from '@crm/testing';
import fc from 'fast-check';
import request from 'supertest';
import { DonationsHarness } from '../../test/donations-harness';
import { StripeEventBatches } from '../stripe-batching/event-batches.service';
import { InboxSweeper } from '../stripe-batching/inbox-sweeper.service';

describe('processing Stripe events', () => {
  let harness: DonationsHarness;

  beforeAll(async () => {
    harness = await DonationsHarness.start();
  });
  afterAll(() => harness.close());

  describe('a one-off gift paid by a delayed method', () => {
    const session = (paymentStatus: 'paid' | 'unpaid', id: string, paymentIntent: string) =>
      checkoutSessionObject({
        id,
        paymentIntent,
        paymentStatus,
        amountTotal: 3000,
        email: 'grace@example.org',
      });

    it('is pending until the payment succeeds, then succeeded, with one receipt', async () => {
      const [id, pi] = [stripeTestId('cs'), stripeTestId('pi')];
      await harness.process(stripeEvent('checkout.session.completed', session('unpaid', id, pi)));
      const [pending] = await harness.donationsFor('stripe_checkout_session_id', id);
      expect(pending?.status).toBe('pending');
      const receipts = async () =>
        (await harness.jobsIn(transactionalMailQueue.name)).filter(
          (job) => job.data.donationId === pending!.id,
        );
      expect(await receipts()).toHaveLength(0);
      await harness.process(stripeEvent('checkout.session.async_payment_succeeded', session('paid', id, pi)));
      const [donation] = await harness.donationsFor('stripe_checkout_session_id', id);
      expect(donation).toMatchObject({ status: 'succeeded', amount: 3000 });
      expect(donation!.paid_at).not.toBeNull();
      expect((await receipts()).map((job) => job.data.template)).toEqual(['donation-receipt']);
    });

    it('ends succeeded even when the success arrives before the completion', async () => {
      const [id, pi] = [stripeTestId('cs'), stripeTestId('pi')];
      await harness.process(stripeEvent('checkout.session.async_payment_succeeded', session('paid', id, pi)));
      await harness.process(stripeEvent('checkout.session.completed', session('unpaid', id, pi)));
      expect((await harness.donationsFor('stripe_checkout_session_id', id))[0]?.status).toBe('succeeded');
    });

    it('is failed when the delayed payment fails, and nobody is sent a receipt', async () => {
      const [id, pi] = [stripeTestId('cs'), stripeTestId('pi')];
      await harness.process(
        stripeEvent('checkout.session.completed', session('unpaid', id, pi)),
        stripeEvent('checkout.session.async_payment_failed', session('unpaid', id, pi)),
      );
      const [donation] = await harness.donationsFor('stripe_checkout_session_id', id);
      expect(donation?.status).toBe('failed');
      const receipts = (await harness.jobsIn(transactionalMailQueue.name)).filter(
        (job) => job.data.donationId === donation!.id,
      );
      expect(receipts).toHaveLength(0);
    });
  });

  describe('refunds and disputes of a one-off gift', () => {
    const paidGift = async () => {
      const pi = stripeTestId('pi');
      const id = stripeTestId('cs');
      const completed = stripeEvent(
        'checkout.session.completed',
        checkoutSessionObject({ id, paymentIntent: pi, amountTotal: 2000, email: 'alan@example.org' }),
      );
      return { pi, id, completed, charge: stripeTestId('ch') };
    };

    it('records a partial then a full refund, in either order', async () => {
      for (const order of [
        [500, 2000],
        [2000, 500],
      ]) {
        const gift = await paidGift();
        const refunds = order.map((amountRefunded) =>
          stripeEvent(
            'charge.refunded',
            refundedChargeObject({ id: gift.charge, paymentIntent: gift.pi, amount: 2000, amountRefunded }),
          ),
        );
        await harness.process(gift.completed, refunds[0]!);
        const [afterFirst] = await harness.donationsFor('stripe_checkout_session_id', gift.id);
        expect(afterFirst?.status).toBe(order[0] === 2000 ? 'refunded' : 'partially_refunded');
        await harness.process(refunds[1]!);
        const [donation] = await harness.donationsFor('stripe_checkout_session_id', gift.id);
        expect(donation).toMatchObject({ status: 'refunded', refunded_amount: 2000, amount: 2000 });
      }
    });

    it('applies a refund processed before the payment it refunds', async () => {
      const gift = await paidGift();
      await harness.process(
        stripeEvent(
          'charge.refunded',
          refundedChargeObject({ paymentIntent: gift.pi, amount: 2000, amountRefunded: 700 }),
        ),
      );
      await harness.process(gift.completed);
      const [donation] = await harness.donationsFor('stripe_checkout_session_id', gift.id);
      expect(donation).toMatchObject({ status: 'partially_refunded', refunded_amount: 700 });
    });

    it('records a dispute as opened then closed, and a late "created" never reopens it', async () => {
      const gift = await paidGift();
      const dispute = (status: string) =>
        stripeEvent(
          status === 'lost' ? 'charge.dispute.closed' : 'charge.dispute.created',
          disputeObject({ charge: gift.charge, paymentIntent: gift.pi, amount: 2000, status }),
        );
      const created = dispute('needs_response');
      const closed = dispute('lost');
      await harness.process(gift.completed, created);
      expect((await harness.donationsFor('stripe_checkout_session_id', gift.id))[0]?.dispute_status).toBe(
        'needs_response',
      );
      await harness.process(closed);
      await harness.process(stripeEvent(created.type, created.data.object));
      expect((await harness.donationsFor('stripe_checkout_session_id', gift.id))[0]?.dispute_status).toBe(
        'lost',
      );
    });
  });

  describe("a monthly donor's lifecycle", () => {
    /**
     * Checkout, 3 paid instalments (each with the `invoice_payment.paid` naming its payment), a
     * failed one, a refund of the 2nd, then cancellation.
     */
    const lifecycle = () => {
      const subscription = stripeTestId('sub');
      const customer = stripeTestId('cus');
      const invoices = [1, 2, 3, 4].map(() => stripeTestId('in'));
      const intents = [1, 2, 3].map(() => stripeTestId('pi'));
      const metadata = { frequency: 'monthly', amount: '1000', fee_amount: '36', campaign: 'spring' };
      const instalment = (n: number, paid = true) =>
        stripeEvent(
          paid ? 'invoice.paid' : 'invoice.payment_failed',
          invoiceObject({
            id: invoices[n]!,
            subscription,
            customer,
            amount: 1036,
            paid,
            email: 'mary@example.org',
            name: 'Mary Somerville',
            billingReason: n === 0 ? 'subscription_create' : 'subscription_cycle',
            metadata,
          }),
        );
      const payment = (n: number) =>
        stripeEvent(
          'invoice_payment.paid',
          invoicePaymentObject({ invoice: invoices[n]!, paymentIntent: intents[n]!, amount: 1036 }),
        );
      const state = (status: 'active' | 'past_due' | 'canceled', type = 'customer.subscription.updated') =>
        stripeEvent(
          type,
          subscriptionObject({
            id: subscription,
            customer,
            status,
            unitAmount: 1036,
            metadata,
            canceledAt: status === 'canceled' ? nextStripeTime() : null,
          }),
        );
      const events: StripeTestEvent[] = [
        stripeEvent(
          'checkout.session.completed',
          checkoutSessionObject({
            mode: 'subscription',
            subscription,
            customer,
            invoice: invoices[0]!,
            amountTotal: 1036,
            email: 'mary@example.org',
            name: 'Mary Somerville',
            metadata,
          }),
        ),
        instalment(0),
        payment(0),
        state('active'),
        instalment(1),
        payment(1),
        instalment(2),
        payment(2),
        instalment(3, false),
        state('past_due'),
        stripeEvent(
          'charge.refunded',
          refundedChargeObject({ paymentIntent: intents[1]!, amount: 1036, amountRefunded: 1036 }),
        ),
        state('canceled', 'customer.subscription.deleted'),
      ];
      return { subscription, invoices, events };
    };

    const finalState = async (subscription: string, invoices: string[]) => {
      const [recurring] = await harness.dataSource.query(
        'SELECT id, status, amount, currency, cancelled_at IS NOT NULL AS cancelled, campaign, email FROM recurring_donations WHERE stripe_subscription_id = $1',
        [subscription],
      );
      const donations = await harness.donationsFor('stripe_subscription_id', subscription);
      const mail = (await harness.jobsIn(transactionalMailQueue.name)).filter(
        (job) =>
          job.data.recurringDonationId === recurring.id ||
          donations.some((donation) => donation.id === job.data.donationId),
      );
      const donors = (await harness.jobsIn(subscribersEventsQueue.name)).filter((job) =>
        donations.some((donation) => donation.id === job.data.donationId),
      );
      return {
        recurring: { ...recurring, id: undefined },
        donations: donations
          .map((row) => ({
            instalment: invoices.indexOf(row.stripe_invoice_id!),
            fromCheckout: row.stripe_checkout_session_id !== null,
            amount: row.amount,
            fee: row.fee_amount,
            status: row.status,
            refunded: row.refunded_amount,
            campaign: row.campaign,
            linked: row.recurring_donation_id === recurring.id,
          }))
          .sort((a, b) => a.instalment - b.instalment),
        mail: mail.map((job) => job.data.template as string).sort(),
        donorMessages: donors.length,
      };
    };

    const expected = {
      recurring: {
        status: 'cancelled',
        amount: 1000,
        currency: 'gbp',
        cancelled: true,
        campaign: 'spring',
        email: 'mary@example.org',
      },
      donations: [0, 1, 2].map((instalment) => ({
        instalment,
        fromCheckout: instalment === 0,
        amount: 1000,
        fee: 36,
        status: instalment === 1 ? 'refunded' : 'succeeded',
        refunded: instalment === 1 ? 1036 : 0,
        campaign: 'spring',
        linked: true,
      })),
      mail: ['donation-receipt', 'donation-receipt', 'donation-receipt', 'payment-failed'],
      donorMessages: 3,
    };

    it('converges on the same final state whatever order the events are processed in', async () => {
      const inOrder = lifecycle().events.map((_event, index) => index);
      const shuffles = fc.sample(fc.shuffledSubarray(inOrder, { minLength: inOrder.length }), {
        numRuns: 3,
        seed: 20261128,
      });
      for (const order of [inOrder, [...inOrder].reverse(), ...shuffles]) {
        const { subscription, invoices, events } = lifecycle();
        for (const index of order) await harness.process(events[index]!);
        expect({ order, ...(await finalState(subscription, invoices)) }).toEqual({ order, ...expected });
      }
    });

    it('converges when every event is delivered at once, and again when all are redelivered', async () => {
      const { subscription, invoices, events } = lifecycle();
      await Promise.all(events.map((event) => harness.deliver(event).expect(200)));
      await harness.waitProcessed(events);
      await Promise.all(events.map((event) => harness.deliver(event).expect(200)));
      await harness.waitProcessed(events);
      expect(await finalState(subscription, invoices)).toEqual(expected);
    });

    it('applies a refund of the first instalment seen between its checkout session and its invoice', async () => {
      const [subscription, invoice, paymentIntent] = [
        stripeTestId('sub'),
        stripeTestId('in'),
        stripeTestId('pi'),
      ];
      await harness.process(
        stripeEvent(
          'checkout.session.completed',
          checkoutSessionObject({
            mode: 'subscription',
            subscription,
            invoice,
            amountTotal: 800,
            email: 'x@example.org',
          }),
        ),
      );
      await harness.process(
        stripeEvent(
          'charge.refunded',
          refundedChargeObject({ paymentIntent, amount: 800, amountRefunded: 300 }),
        ),
      );
      await harness.process(
        stripeEvent('invoice_payment.paid', invoicePaymentObject({ invoice, paymentIntent, amount: 800 })),
      );
      await harness.process(
        stripeEvent(
          'invoice.paid',
          invoiceObject({ id: invoice, subscription, amount: 800, billingReason: 'subscription_create' }),
        ),
      );
      const rows = await harness.donationsFor('stripe_subscription_id', subscription);
      expect(rows.map((row) => [row.status, row.refunded_amount])).toEqual([['partially_refunded', 300]]);
    });

    it('applies a refund to an instalment whose invoice names its payment itself (API versions before 2025-03-31)', async () => {
      const [subscription, paymentIntent] = [stripeTestId('sub'), stripeTestId('pi')];
      const invoice = { ...invoiceObject({ subscription, amount: 700 }), payment_intent: paymentIntent };
      await harness.process(stripeEvent('invoice.paid', invoice));
      await harness.process(
        stripeEvent(
          'charge.refunded',
          refundedChargeObject({ paymentIntent, amount: 700, amountRefunded: 700 }),
        ),
      );
      const rows = await harness.donationsFor('stripe_subscription_id', subscription);
      expect(rows.map((row) => [row.status, row.stripe_payment_intent_id])).toEqual([
        ['refunded', paymentIntent],
      ]);
    });

    it("gives an instalment whose invoice names no one the donor of the gift's checkout", async () => {
      const subscription = stripeTestId('sub');
      // A later month's invoice, naming no one, is processed before the checkout that names the donor.
      await harness.process(stripeEvent('invoice.paid', invoiceObject({ subscription, amount: 600 })));
      await harness.process(
        stripeEvent(
          'checkout.session.completed',
          checkoutSessionObject({
            mode: 'subscription',
            subscription,
            amountTotal: 600,
            email: 'kate@example.org',
          }),
        ),
      );
      const rows = await harness.donationsFor('stripe_subscription_id', subscription);
      expect(rows.map((row) => row.email)).toEqual(['kate@example.org', 'kate@example.org']);
      const receipts = (await harness.jobsIn(transactionalMailQueue.name)).filter((job) =>
        rows.some((row) => row.id === job.data.donationId),
      );
      expect(receipts).toHaveLength(2);
    });

    it.each([
      ['checkout first', false],
      ['invoice first', true],
    ])(
      'counts the first instalment once when the monthly checkout names no invoice (%s)',
      async (_order, invoiceFirst) => {
        const subscription = stripeTestId('sub');
        const checkout = stripeEvent(
          'checkout.session.completed',
          checkoutSessionObject({
            mode: 'subscription',
            subscription,
            invoice: null,
            amountTotal: 800,
            email: 'ada@example.org',
          }),
        );
        const firstInvoice = stripeEvent(
          'invoice.paid',
          invoiceObject({ subscription, amount: 800, billingReason: 'subscription_create' }),
        );
        for (const event of invoiceFirst ? [firstInvoice, checkout] : [checkout, firstInvoice]) {
          await harness.process(event);
        }
        const rows = await harness.donationsFor('stripe_subscription_id', subscription);
        expect(rows.map((row) => [row.amount, row.status, row.email])).toEqual([
          [800, 'succeeded', 'ada@example.org'],
        ]);
        const receipts = (await harness.jobsIn(transactionalMailQueue.name)).filter(
          (job) => job.data.donationId === rows[0]!.id,
        );
        expect(receipts).toHaveLength(1);
      },
    );

    it('keeps a gift active when its subscription.created (incomplete) is processed after an update of the same second', async () => {
      const subscription = stripeTestId('sub');
      const second = nextStripeTime();
      const state = (type: string, status: 'active' | 'incomplete') =>
        stripeEvent(type, subscriptionObject({ id: subscription, status, unitAmount: 500 }), second);
      await harness.process(state('customer.subscription.updated', 'active'));
      await harness.process(state('customer.subscription.created', 'incomplete'));
      const [recurring] = await harness.dataSource.query(
        'SELECT status FROM recurring_donations WHERE stripe_subscription_id = $1',
        [subscription],
      );
      expect(recurring.status).toBe('active');
    });

    it('marks the gift cancel_at_period_end while it is still active', async () => {
      const subscription = stripeTestId('sub');
      await harness.process(
        stripeEvent(
          'customer.subscription.updated',
          subscriptionObject({
            id: subscription,
            status: 'active',
            unitAmount: 500,
            cancelAtPeriodEnd: true,
          }),
        ),
      );
      const [recurring] = await harness.dataSource.query(
        'SELECT status, cancel_at_period_end, amount, current_period_end FROM recurring_donations WHERE stripe_subscription_id = $1',
        [subscription],
      );
      expect(recurring).toMatchObject({ status: 'active', cancel_at_period_end: true, amount: 500 });
      expect(recurring.current_period_end).not.toBeNull();
    });
  });

  it('fails an event whose object it cannot read at once, keeping the reason, without retrying', async () => {
    const event = stripeEvent('invoice.paid', {
      id: stripeTestId('in'),
      object: 'invoice',
      amount_paid: 'lots',
    });
    await harness.deliver(event).expect(200);
    const job = await waitFor(async () => {
      const found = await harness.queue(donationsEventsQueue.name).getJob(`stripe-${event.id}`);
      return found?.failedReason ? found : null;
    });
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/unexpected shape: .*amount_paid/);
    const [row] = await harness.dataSource.query(
      'SELECT processed_at, last_error FROM stripe_events WHERE id = $1',
      [event.id],
    );
    expect(row.processed_at).toBeNull();
    expect(row.last_error).toContain('amount_paid');
  });

  it('records gifts processed together with an unreadable event, which fails alone', async () => {
    const gifts = Array.from({ length: 8 }, (_, n) =>
      stripeEvent(
        'checkout.session.completed',
        checkoutSessionObject({ amountTotal: 1000 + n, email: `batch${n}@example.org` }),
      ),
    );
    const unreadable = stripeEvent('invoice.paid', {
      id: stripeTestId('in'),
      object: 'invoice',
      amount_paid: 'lots',
    });
    await Promise.all([...gifts, unreadable].map((event) => harness.deliver(event).expect(200)));
    await harness.waitProcessed(gifts);
    const sessions = gifts.map((event) => event.data.object.id);
    const recorded = (await harness.donations()).filter((row) =>
      sessions.includes(row.stripe_checkout_session_id as string),
    );
    expect(recorded.map((row) => row.status)).toEqual(Array(8).fill('succeeded'));
    const receipts = (await harness.jobsIn(transactionalMailQueue.name)).filter((job) =>
      recorded.some((row) => row.id === job.data.donationId),
    );
    expect(receipts).toHaveLength(8);
    const failed = await waitFor(async () => {
      const job = await harness.queue(donationsEventsQueue.name).getJob(`stripe-${unreadable.id}`);
      return job?.failedReason ? job : null;
    });
    expect(failed.failedReason).toMatch(/unexpected shape/);
  });

  it('processes an event left unprocessed in the inbox (its job lost) when the inbox is swept', async () => {
    const event = stripeEvent(
      'checkout.session.completed',
      checkoutSessionObject({ amountTotal: 4200, email: 'lost@example.org' }),
    );
    await harness.dataSource.query(
      `INSERT INTO stripe_events (id, type, payload, stripe_created_at, received_at)
       VALUES ($1, $2, $3, to_timestamp($4), now() - interval '10 minutes')`,
      [event.id, event.type, JSON.stringify(event), event.created],
    );
    expect(await harness.app.app.get(InboxSweeper).sweep()).toBe(1);
    const sessionId = event.data.object.id as string;
    const [donation] = await waitFor(async () => {
      const rows = await harness.donationsFor('stripe_checkout_session_id', sessionId);
      return rows.length > 0 && rows;
    });
    expect(donation).toMatchObject({ amount: 4200, status: 'succeeded' });
    await waitFor(async () => {
      const [row] = await harness.dataSource.query('SELECT processed_at FROM stripe_events WHERE id = $1', [
        event.id,
      ]);
      return row.processed_at !== null;
    });
    expect(await harness.app.app.get(InboxSweeper).sweep()).toBe(0);
  });

  describe('Gift Aid and supporters', () => {
    /** A checkout with a declaration: its session id and the metadata Stripe keeps on the session. */
    const checkoutWithGiftAid = async (
      amount: number,
      frequency: 'one_off' | 'monthly',
      giftAid: Record<string, string>,
    ): Promise<{ id: string; metadata: Record<string, string> }> => {
      const { body } = await request(harness.url)
        .post('/checkout')
        .send({ amount, frequency, giftAid })
        .expect(201);
      return { id: body.id as string, metadata: harness.lastSessionMetadata() };
    };
    const declarationsOf = (sessionId: string): Promise<{ id: string; declared_at: Date }[]> =>
      harness.dataSource.query(
        'SELECT id, declared_at FROM gift_aid_declarations WHERE stripe_checkout_session_id = $1',
        [sessionId],
      );

    it('stores the declaration made at checkout only once the checkout is paid', async () => {
      const ada = { firstName: 'Ada', lastName: 'King', houseNameOrNumber: '5', postcode: 'N1 1AA' };
      const neverPaid = await checkoutWithGiftAid(1000, 'one_off', ada);
      const checkout = await checkoutWithGiftAid(1000, 'one_off', ada);
      expect(await declarationsOf(checkout.id)).toEqual([]);
      const paymentIntent = stripeTestId('pi');
      const session = (paymentStatus: 'paid' | 'unpaid') =>
        checkoutSessionObject({
          id: checkout.id,
          amountTotal: 1000,
          paymentStatus,
          paymentIntent,
          metadata: checkout.metadata,
        });
      // A bank debit: the session completes unpaid, and is paid days later.
      await harness.process(stripeEvent('checkout.session.completed', session('unpaid')));
      expect(await declarationsOf(checkout.id)).toEqual([]);
      const settled = stripeEvent('checkout.session.async_payment_succeeded', session('paid'));
      await harness.process(settled);
      const [declaration] = await declarationsOf(checkout.id);
      expect(declaration).toBeDefined();
      expect(declaration!.declared_at.getTime()).toBe(settled.created * 1000);
      const [donation] = await harness.donationsFor('stripe_checkout_session_id', checkout.id);
      expect(donation).toMatchObject({ status: 'succeeded', gift_aid_declaration_id: declaration!.id });
      const [row] = await harness.dataSource.query(
        `SELECT first_name, last_name, house_name_or_number, postcode FROM gift_aid_declarations WHERE id = $1`,
        [declaration!.id],
      );
      expect(row).toEqual({
        first_name: 'Ada',
        last_name: 'King',
        house_name_or_number: '5',
        postcode: 'N1 1AA',
      });
      // A redelivery keeps the one declaration.
      await harness.process(stripeEvent('checkout.session.completed', session('paid')));
      expect(await declarationsOf(checkout.id)).toHaveLength(1);
      expect(await declarationsOf(neverPaid.id)).toEqual([]);
    });

    it('links the declaration made at checkout to the donation once paid', async () => {
      const checkout = await checkoutWithGiftAid(1000, 'one_off', {
        firstName: 'Ada',
        lastName: 'Lovelace',
        houseNameOrNumber: '12',
        postcode: 'N1 1AA',
      });
      await harness.process(
        stripeEvent(
          'checkout.session.completed',
          checkoutSessionObject({ id: checkout.id, amountTotal: 1000, metadata: checkout.metadata }),
        ),
      );
      const [donation] = await harness.donationsFor('stripe_checkout_session_id', checkout.id);
      const [declaration] = await harness.dataSource.query(
        'SELECT id FROM gift_aid_declarations WHERE stripe_checkout_session_id = $1',
        [checkout.id],
      );
      expect(donation?.gift_aid_declaration_id).toBe(declaration.id);
    });

    it("links a monthly donor's supporter to the gift, every instalment and the declaration", async () => {
      const checkout = await checkoutWithGiftAid(1000, 'monthly', {
        firstName: 'Mae',
        lastName: 'Jemison',
        houseNameOrNumber: '9',
        postcode: 'E2 8AA',
      });
      const subscription = stripeTestId('sub');
      await harness.process(
        stripeEvent(
          'checkout.session.completed',
          checkoutSessionObject({
            id: checkout.id,
            mode: 'subscription',
            subscription,
            amountTotal: 1000,
            metadata: checkout.metadata,
          }),
        ),
      );
      await harness.process(stripeEvent('invoice.paid', invoiceObject({ subscription, amount: 1000 })));
      const instalments = await harness.donationsFor('stripe_subscription_id', subscription);
      expect(instalments).toHaveLength(2);
      expect(new Set(instalments.map((row) => row.gift_aid_declaration_id)).size).toBe(1);
      expect(instalments[0]!.gift_aid_declaration_id).not.toBeNull();
      const supporterId = '5d0c7c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e';
      await harness
        .queue(donationsEventsQueue.name)
        .add(
          'link-supporter',
          { supporterId, donationId: instalments[1]!.id },
          { jobId: `link-${instalments[1]!.id}` },
        );
      await waitFor(async () => {
        const [gift] = await harness.dataSource.query(
          'SELECT supporter_id FROM recurring_donations WHERE stripe_subscription_id = $1',
          [subscription],
        );
        return gift.supporter_id === supporterId;
      });
      const linked = await harness.donationsFor('stripe_subscription_id', subscription);
      expect(linked.map((row) => row.supporter_id)).toEqual([supporterId, supporterId]);
      const [declaration] = await harness.dataSource.query(
        'SELECT supporter_id FROM gift_aid_declarations WHERE stripe_checkout_session_id = $1',
        [checkout.id],
      );
      expect(declaration.supporter_id).toBe(supporterId);
    });

    /** What the subscribers app sends: the donation's supporter, then their erasure, each applied in turn. */
    const linkThenForget = async (supporterId: string, donationId: string): Promise<void> => {
      const queue = harness.queue(donationsEventsQueue.name);
      await queue.add('link-supporter', { supporterId, donationId }, { jobId: `link-${donationId}` });
      await waitFor(
        async () => (await harness.donationsFor('id', donationId))[0]?.supporter_id === supporterId,
      );
      await queue.add('forget-supporter', { supporterId }, { jobId: `forget-${supporterId}` });
      await waitFor(async () => (await harness.donationsFor('id', donationId))[0]?.donor_name === null);
    };

    it('sets the supporter the subscribers app links, and forgets the donor on erasure but keeps the money and the declaration', async () => {
      const checkout = await checkoutWithGiftAid(1500, 'one_off', {
        firstName: 'Ada',
        lastName: 'Byron',
        houseNameOrNumber: '3',
        postcode: 'SW1A 1AA',
      });
      const paid = stripeEvent(
        'checkout.session.completed',
        checkoutSessionObject({
          id: checkout.id,
          amountTotal: 1500,
          email: 'ada.b@example.org',
          name: 'Ada Byron',
          metadata: checkout.metadata,
        }),
      );
      await harness.process(paid);
      const [donation] = await harness.donationsFor('stripe_checkout_session_id', checkout.id);
      const supporterId = '0b7c9c9e-1f5e-4a53-9b1e-6d0f3b1f2a11';
      await linkThenForget(supporterId, donation!.id);
      const [forgotten] = await harness.donationsFor('id', donation!.id);
      expect(forgotten).toMatchObject({ email: null, donor_name: null, amount: 1500, status: 'succeeded' });
      const [declaration] = await harness.dataSource.query(
        'SELECT first_name, last_name, house_name_or_number, postcode, supporter_id FROM gift_aid_declarations WHERE id = $1',
        [forgotten!.gift_aid_declaration_id],
      );
      expect(declaration).toEqual({
        first_name: 'Ada',
        last_name: 'Byron',
        house_name_or_number: '3',
        postcode: 'SW1A 1AA',
        supporter_id: supporterId,
      });
      const [kept] = (await harness.dataSource.query('SELECT payload FROM stripe_events WHERE id = $1', [
        paid.id,
      ])) as { payload: { data: { object: Record<string, unknown> } } }[];
      expect(JSON.stringify(kept!.payload)).not.toMatch(/ada\.b@example\.org|Ada Byron|SW1A 1AA/);
      expect(kept!.payload.data.object).toMatchObject({ id: checkout.id, amount_total: 1500 });

      // Stripe goes on sending events about the payment (a settling, a refund) with the address in.
      const settled = stripeEvent(
        'checkout.session.async_payment_succeeded',
        paid.data.object as Record<string, unknown>,
      );
      await harness.process(settled);
      expect((await harness.donationsFor('id', donation!.id))[0]).toMatchObject({
        email: null,
        donor_name: null,
      });
      const [later] = (await harness.dataSource.query(
        'SELECT payload, processed_at FROM stripe_events WHERE id = $1',
        [settled.id],
      )) as { payload: { data: { object: Record<string, unknown> } }; processed_at: Date | null }[];
      expect(later!.processed_at).not.toBeNull();
      expect(JSON.stringify(later!.payload)).not.toMatch(/ada\.b@example\.org|Ada Byron/);
      expect(later!.payload.data.object).toMatchObject({ id: checkout.id, amount_total: 1500 });
    });

    it("forgets a monthly donor's name in their stored invoices too, so reprocessing one cannot restore it", async () => {
      const [subscription, customer] = [stripeTestId('sub'), stripeTestId('cus')];
      // Every invoice of the gift names the donor, this month's and the next.
      const invoicePaid = () =>
        stripeEvent(
          'invoice.paid',
          invoiceObject({
            subscription,
            customer,
            amount: 1200,
            email: 'mary.s@example.org',
            name: 'Mary Somerville',
            metadata: { donor_name: 'Mary Somerville' },
          }),
        );
      const paid = invoicePaid();
      // An endpoint sent customer events keeps them too, though nothing processes them.
      const customerUpdated = stripeEvent('customer.updated', {
        id: customer,
        object: 'customer',
        email: 'mary.s@example.org',
        name: 'Mary Somerville',
        phone: '+44 20 7946 0000',
        address: { line1: '1 Abbey Road', postal_code: 'NW8 9AY', country: 'GB' },
      });
      await harness.process(paid, customerUpdated);
      const [instalment] = await harness.donationsFor('stripe_subscription_id', subscription);
      await linkThenForget('5d1b6c9e-2a4f-4b7e-9c3d-1e2f3a4b5c6d', instalment!.id);
      const kept = (await harness.dataSource.query('SELECT payload FROM stripe_events WHERE id = ANY($1)', [
        [paid.id, customerUpdated.id],
      ])) as { payload: unknown }[];
      expect(kept).toHaveLength(2);
      expect(JSON.stringify(kept)).not.toMatch(/mary\.s@example\.org|Mary Somerville|7946|Abbey Road/);
      await harness.app.app.get(StripeEventBatches).process(paid.id);
      expect((await harness.donationsFor('id', instalment!.id))[0]).toMatchObject({
        email: null,
        donor_name: null,
      });

      // The subscription goes on after the erasure.
      const renewal = invoicePaid();
      await harness.process(renewal);
      const instalments = await harness.donationsFor('stripe_subscription_id', subscription);
      expect(
        await harness.dataSource.query(
          'SELECT email, donor_name FROM recurring_donations WHERE stripe_subscription_id = $1',
          [subscription],
        ),
      ).toEqual([{ email: null, donor_name: null }]);
      expect(instalments).toHaveLength(2);
      for (const row of instalments) {
        expect(row).toMatchObject({ email: null, donor_name: null, amount: 1200, status: 'succeeded' });
        expect(row.donor_forgotten_at).not.toBeNull();
      }
      const [renewalKept] = (await harness.dataSource.query(
        'SELECT payload FROM stripe_events WHERE id = $1',
        [renewal.id],
      )) as { payload: unknown }[];
      expect(JSON.stringify(renewalKept!.payload)).not.toMatch(/mary\.s@example\.org|Mary Somerville/);
      const toMary = (await harness.jobsIn(transactionalMailQueue.name)).filter((job) =>
        JSON.stringify(job.data).includes('mary.s@example.org'),
      );
      expect(toMary.map((job) => job.data.donationId)).not.toContain(instalments[1]!.id);
    });
  });
});
