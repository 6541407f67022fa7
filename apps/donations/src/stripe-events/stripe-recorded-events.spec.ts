import { transactionalMailQueue } from '@crm/queues';
import { recordedStripeEvent, signedDelivery, stripeTestId, type StripeTestEvent } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness, TEST_WEBHOOK_SECRET } from '../../test/donations-harness';

/**
 * Every event type acted on, in the whole shape Stripe sends it under the API versions in use
 * (2025-03-31.basil to the SDK's 2026-10-28.endive): nulls and absent fields, metadata as the
 * checkout set it, invoices naming their subscription under `parent`. Only ids and the facts a
 * test is about are changed (`recordedStripeEvent`).
 */
describe('processing Stripe events as Stripe sends them', () => {
  let harness: DonationsHarness;

  beforeAll(async () => {
    harness = await DonationsHarness.start();
  });
  afterAll(() => harness.close());

  const mailFor = async (donationIds: string[], recurringDonationId?: string) =>
    (await harness.jobsIn(transactionalMailQueue.name))
      .filter(
        (job) =>
          donationIds.includes(job.data.donationId) ||
          (recurringDonationId !== undefined && job.data.recurringDonationId === recurringDonationId),
      )
      .map((job) => job.data.template as string)
      .sort();

  /** A one-off gift of £25 + £0.36 fee paid through Checkout, and the events about its payment. */
  const oneOffGift = () => {
    const [session, paymentIntent, charge] = [stripeTestId('cs'), stripeTestId('pi'), stripeTestId('ch')];
    return {
      session,
      paymentIntent,
      checkout: (changes: Record<string, unknown> = {}, type?: string) =>
        recordedStripeEvent(
          'checkout.session.completed.payment',
          { id: session, payment_intent: paymentIntent, ...changes },
          type,
        ),
      refund: (amountRefunded: number) =>
        recordedStripeEvent('charge.refunded', {
          id: charge,
          payment_intent: paymentIntent,
          amount_refunded: amountRefunded,
          refunded: amountRefunded === 2536,
        }),
      dispute: (type: string, status: string) =>
        recordedStripeEvent(
          'charge.dispute.created',
          { charge, payment_intent: paymentIntent, status },
          type,
        ),
    };
  };

  it('records a one-off gift, its donor, campaign and covered fee, with one receipt', async () => {
    const gift = oneOffGift();
    await harness.process(gift.checkout());
    const [donation] = await harness.donationsFor('stripe_checkout_session_id', gift.session);
    expect(donation).toMatchObject({
      amount: 2500,
      fee_amount: 36,
      currency: 'gbp',
      frequency: 'one_off',
      status: 'succeeded',
      email: 'ada@example.org',
      donor_name: 'Ada Lovelace',
      campaign: 'spring-appeal',
      stripe_payment_intent_id: gift.paymentIntent,
      stripe_invoice_id: null,
    });
    expect(await mailFor([donation!.id])).toEqual(['donation-receipt']);
  });

  it('takes the bytes Stripe sends (pretty-printed JSON, signed as sent, with a charset)', async () => {
    const gift = oneOffGift();
    const event = gift.checkout();
    const { body, headers } = signedDelivery(
      event,
      TEST_WEBHOOK_SECRET,
      undefined,
      JSON.stringify(event, null, 2),
    );
    await request(harness.url).post('/webhooks/stripe').set(headers).send(body).expect(200);
    await harness.waitProcessed([event]);
    expect((await harness.donationsFor('stripe_checkout_session_id', gift.session))[0]?.amount).toBe(2500);
  });

  it('records a live-mode delivery the same way', async () => {
    const gift = oneOffGift();
    await harness.process({ ...gift.checkout({ livemode: true }), livemode: true });
    expect((await harness.donationsFor('stripe_checkout_session_id', gift.session))[0]?.status).toBe(
      'succeeded',
    );
  });

  it('follows a delayed payment from its unpaid session to success, or to failure', async () => {
    const paid = oneOffGift();
    await harness.process(paid.checkout({ payment_status: 'unpaid' }));
    expect((await harness.donationsFor('stripe_checkout_session_id', paid.session))[0]?.status).toBe(
      'pending',
    );
    await harness.process(paid.checkout({}, 'checkout.session.async_payment_succeeded'));
    expect((await harness.donationsFor('stripe_checkout_session_id', paid.session))[0]?.status).toBe(
      'succeeded',
    );

    const failed = oneOffGift();
    await harness.process(
      failed.checkout({ payment_status: 'unpaid' }),
      failed.checkout({ payment_status: 'unpaid' }, 'checkout.session.async_payment_failed'),
    );
    const [donation] = await harness.donationsFor('stripe_checkout_session_id', failed.session);
    expect(donation?.status).toBe('failed');
    expect(await mailFor([donation!.id])).toEqual([]);
  });

  it("records a partial then a full refund from the charge's cumulative amount_refunded", async () => {
    const gift = oneOffGift();
    await harness.process(gift.checkout(), gift.refund(1000));
    expect((await harness.donationsFor('stripe_checkout_session_id', gift.session))[0]).toMatchObject({
      status: 'partially_refunded',
      refunded_amount: 1000,
    });
    await harness.process(gift.refund(2536));
    expect((await harness.donationsFor('stripe_checkout_session_id', gift.session))[0]).toMatchObject({
      status: 'refunded',
      refunded_amount: 2536,
    });
  });

  it('records a dispute through created, updated and closed', async () => {
    const gift = oneOffGift();
    const disputeStatus = async () =>
      (await harness.donationsFor('stripe_checkout_session_id', gift.session))[0]?.dispute_status;
    await harness.process(gift.checkout(), gift.dispute('charge.dispute.created', 'needs_response'));
    expect(await disputeStatus()).toBe('needs_response');
    await harness.process(gift.dispute('charge.dispute.updated', 'under_review'));
    expect(await disputeStatus()).toBe('under_review');
    await harness.process(gift.dispute('charge.dispute.closed', 'lost'));
    expect(await disputeStatus()).toBe('lost');
  });

  describe('a monthly gift', () => {
    const monthlyMetadata = { frequency: 'monthly', campaign: 'spring-appeal' };

    /**
     * A month's invoice of £10.36 (£10 + fee), paid or failed, as `invoice.*` events carry it. Its
     * line items are left as recorded: nothing reads them.
     */
    const invoice = (subscription: string, id: string, month: number, paid = true) => ({
      id,
      billing_reason: month === 0 ? 'subscription_create' : 'subscription_cycle',
      parent: { subscription_details: { subscription, metadata: monthlyMetadata } },
      ...(paid
        ? {}
        : {
            status: 'open',
            amount_paid: 0,
            amount_remaining: 1036,
            attempt_count: 1,
            next_payment_attempt: 1762000000,
            status_transitions: { paid_at: null },
          }),
    });

    /** Checkout, 2 paid months (each with its `invoice_payment.paid`), a refund of the 2nd, a failed 3rd, cancellation. */
    const lifecycle = () => {
      const [subscription, session, customer] = [
        stripeTestId('sub'),
        stripeTestId('cs'),
        stripeTestId('cus'),
      ];
      const invoices = [0, 1, 2].map(() => stripeTestId('in'));
      const intents = [0, 1].map(() => stripeTestId('pi'));
      const state = (type: string, changes: Record<string, unknown>) =>
        recordedStripeEvent(
          'customer.subscription.created',
          { id: subscription, customer, ...changes },
          type,
        );
      const payment = (month: number) =>
        recordedStripeEvent('invoice_payment.paid', {
          id: stripeTestId('inpay'),
          invoice: invoices[month],
          payment: { payment_intent: intents[month] },
        });
      const events: StripeTestEvent[] = [
        state('customer.subscription.created', {}),
        recordedStripeEvent('checkout.session.completed.subscription', {
          id: session,
          customer,
          subscription,
          invoice: invoices[0],
        }),
        recordedStripeEvent('invoice.paid', invoice(subscription, invoices[0]!, 0)),
        recordedStripeEvent(
          'invoice.paid',
          invoice(subscription, invoices[0]!, 0),
          'invoice.payment_succeeded',
        ),
        payment(0),
        recordedStripeEvent('invoice.paid', invoice(subscription, invoices[1]!, 1)),
        payment(1),
        recordedStripeEvent('charge.refunded', {
          id: stripeTestId('ch'),
          payment_intent: intents[1],
          amount: 1036,
          amount_captured: 1036,
          amount_refunded: 1036,
          refunded: true,
          metadata: {},
        }),
        recordedStripeEvent(
          'invoice.paid',
          invoice(subscription, invoices[2]!, 2, false),
          'invoice.payment_failed',
        ),
        state('customer.subscription.updated', { status: 'past_due' }),
        state('customer.subscription.deleted', {
          status: 'canceled',
          canceled_at: 1762100000,
          ended_at: 1762100000,
          cancellation_details: { reason: 'payment_failed' },
        }),
      ];
      return { subscription, session, customer, invoices, intents, events };
    };

    it('records the gift and its instalments, refund, failed payment and cancellation', async () => {
      const { subscription, session, customer, invoices, intents, events } = lifecycle();
      for (const event of events) await harness.process(event);
      const [recurring] = await harness.dataSource.query(
        `SELECT id, status, amount, currency, campaign, email, donor_name, stripe_customer_id,
           stripe_checkout_session_id, cancelled_at IS NOT NULL AS cancelled
         FROM recurring_donations WHERE stripe_subscription_id = $1`,
        [subscription],
      );
      expect({ ...recurring, id: undefined }).toEqual({
        id: undefined,
        status: 'cancelled',
        amount: 1000,
        currency: 'gbp',
        campaign: 'spring-appeal',
        email: 'mary@example.org',
        donor_name: 'Mary Somerville',
        stripe_customer_id: customer,
        stripe_checkout_session_id: session,
        cancelled: true,
      });
      const donations = await harness.donationsFor('stripe_subscription_id', subscription);
      expect(
        donations
          .map((row) => ({
            month: invoices.indexOf(row.stripe_invoice_id!),
            fromCheckout: row.stripe_checkout_session_id === session,
            paymentIntent: row.stripe_payment_intent_id,
            amount: row.amount,
            fee: row.fee_amount,
            status: row.status,
            refunded: row.refunded_amount,
            linked: row.recurring_donation_id === recurring.id,
          }))
          .sort((a, b) => a.month - b.month),
      ).toEqual([
        {
          month: 0,
          fromCheckout: true,
          paymentIntent: intents[0],
          amount: 1000,
          fee: 36,
          status: 'succeeded',
          refunded: 0,
          linked: true,
        },
        {
          month: 1,
          fromCheckout: false,
          paymentIntent: intents[1],
          amount: 1000,
          fee: 36,
          status: 'refunded',
          refunded: 1036,
          linked: true,
        },
      ]);
      expect(
        await mailFor(
          donations.map((row) => row.id),
          recurring.id,
        ),
      ).toEqual(['donation-receipt', 'donation-receipt', 'payment-failed']);
    });

    it('keeps a gift paid by Bacs Direct Debit pending until its first invoice is paid, with one receipt', async () => {
      const [subscription, session, firstInvoice] = [
        stripeTestId('sub'),
        stripeTestId('cs'),
        stripeTestId('in'),
      ];
      const checkout = (paymentStatus: string, type?: string) =>
        recordedStripeEvent(
          'checkout.session.completed.subscription',
          { id: session, subscription, invoice: firstInvoice, payment_status: paymentStatus },
          type,
        );
      const gift = async () => ({
        donations: (await harness.donationsFor('stripe_subscription_id', subscription)).map(
          (row) => row.status,
        ),
        recurring: (
          await harness.dataSource.query(
            'SELECT status FROM recurring_donations WHERE stripe_subscription_id = $1',
            [subscription],
          )
        )[0]?.status,
      });
      await harness.process(checkout('unpaid'));
      expect(await gift()).toEqual({ donations: ['pending'], recurring: 'incomplete' });
      await harness.process(
        recordedStripeEvent('invoice.paid', invoice(subscription, firstInvoice, 0)),
        checkout('paid', 'checkout.session.async_payment_succeeded'),
      );
      expect(await gift()).toEqual({ donations: ['succeeded'], recurring: 'active' });
      const donations = await harness.donationsFor('stripe_subscription_id', subscription);
      expect(await mailFor(donations.map((row) => row.id))).toEqual(['donation-receipt']);
    });

    it('reads an invoice in the shape of API versions before 2025-03-31 (subscription, its metadata and payment at the top level)', async () => {
      const subscription = stripeTestId('sub');
      const [id, paymentIntent] = [stripeTestId('in'), stripeTestId('pi')];
      const older = recordedStripeEvent('invoice.paid', {
        id,
        parent: undefined,
        subscription,
        subscription_details: { metadata: { ...monthlyMetadata, fee_amount: '36' } },
        payment_intent: paymentIntent,
        charge: stripeTestId('ch'),
        paid: true,
        paid_out_of_band: false,
      });
      await harness.process({ ...older, api_version: '2024-06-20' });
      const [donation] = await harness.donationsFor('stripe_invoice_id', id);
      expect(donation).toMatchObject({
        stripe_subscription_id: subscription,
        stripe_payment_intent_id: paymentIntent,
        amount: 1000,
        fee_amount: 36,
        status: 'succeeded',
        campaign: 'spring-appeal',
      });
    });
  });

  it('stores and acknowledges the event types it does not act on, and marks them processed', async () => {
    const unknown = [
      recordedStripeEvent('payment_intent.succeeded', { id: stripeTestId('pi') }),
      recordedStripeEvent('invoice.paid', { id: stripeTestId('in'), status: 'open' }, 'invoice.finalized'),
    ];
    for (const event of unknown) {
      expect((await harness.deliver(event).expect(200)).body).toEqual({ received: true });
    }
    await harness.waitProcessed(unknown);
    const rows = await harness.dataSource.query(
      'SELECT type, processed_at IS NOT NULL AS processed, last_error FROM stripe_events WHERE id = ANY($1) ORDER BY type',
      [unknown.map((event) => event.id)],
    );
    expect(rows).toEqual([
      { type: 'invoice.finalized', processed: true, last_error: null },
      { type: 'payment_intent.succeeded', processed: true, last_error: null },
    ]);
  });
});
