import type { TransactionalTemplate } from '@crm/queues';

/** Template sources: subject (text), HTML body and text body. Merge fields use `{{field|fallback}}`. */
export interface TemplateSource {
  subject: string;
  html: string;
  text: string;
}

export interface ConfirmSubscriptionData {
  firstName: string | null;
  confirmUrl: string;
}

export interface WelcomeData {
  firstName: string | null;
}

export interface DonationReceiptData {
  firstName: string | null;
  amount: string;
  paidOn: string;
  monthly: boolean;
  campaign: string | null;
  giftAid: boolean;
  manageUrl: string | null;
}

export interface PaymentFailedData {
  firstName: string | null;
  amount: string;
  manageUrl: string | null;
}

export interface TemplateData {
  'confirm-subscription': ConfirmSubscriptionData;
  welcome: WelcomeData;
  'donation-receipt': DonationReceiptData;
  'payment-failed': PaymentFailedData;
}

/** HMRC's model wording: the donor has declared; the charity states what Gift Aid adds. */
const GIFT_AID_STATEMENT =
  'You have made a Gift Aid declaration, so we can claim an extra 25p from HM Revenue & Customs for every £1 you give. ' +
  'Please let us know if you stop paying enough Income Tax or Capital Gains Tax to cover the Gift Aid on all your donations, ' +
  'or if you change your name or home address.';

export const TRANSACTIONAL_TEMPLATES: { [T in TransactionalTemplate]: TemplateSource } = {
  'confirm-subscription': {
    subject: 'Please confirm your subscription',
    html: `<p>Hello {{firstName|there}},</p>
<p>Please confirm that you would like to receive our newsletter:</p>
<p><a href="{{confirmUrl}}" style="display:inline-block;padding:10px 16px;background:#1a7f37;color:#fff;text-decoration:none">Confirm my subscription</a></p>
<p>If you did not ask for this, ignore this email and you will not hear from us again.</p>`,
    text: `Hello {{firstName|there}},

Please confirm that you would like to receive our newsletter:
{{confirmUrl}}

If you did not ask for this, ignore this email and you will not hear from us again.`,
  },
  welcome: {
    subject: 'Welcome, and thank you for subscribing',
    html: `<p>Hello {{firstName|there}},</p>
<p>Thank you for confirming your subscription. You will now hear about our campaigns and how you can help.</p>`,
    text: `Hello {{firstName|there}},

Thank you for confirming your subscription. You will now hear about our campaigns and how you can help.`,
  },
  'donation-receipt': {
    subject: 'Thank you for your donation of {{amount}}',
    html: `<p>Dear {{firstName|friend}},</p>
<p>Thank you for your {{#if monthly}}monthly {{/if}}donation of <strong>{{amount}}</strong> on {{paidOn}}{{#if campaign}} to {{campaign}}{{/if}}.</p>
{{#if giftAid}}<p>${GIFT_AID_STATEMENT}</p>{{/if}}
{{#if manageUrl}}<p>You can change or cancel your monthly gift at any time: <a href="{{manageUrl}}">manage my monthly gift</a>.</p>{{/if}}
<p>Please keep this email as your receipt.</p>`,
    text: `Dear {{firstName|friend}},

Thank you for your {{#if monthly}}monthly {{/if}}donation of {{amount}} on {{paidOn}}{{#if campaign}} to {{campaign}}{{/if}}.
{{#if giftAid}}
${GIFT_AID_STATEMENT}
{{/if}}
{{#if manageUrl}}
You can change or cancel your monthly gift at any time: {{manageUrl}}
{{/if}}
Please keep this email as your receipt.`,
  },
  'payment-failed': {
    subject: 'Your monthly donation could not be taken',
    html: `<p>Dear {{firstName|friend}},</p>
<p>We could not take your monthly donation of <strong>{{amount}}</strong>. Your bank or card provider declined the payment.</p>
{{#if manageUrl}}<p>You can update your details or cancel here: <a href="{{manageUrl}}">manage my monthly gift</a>.</p>{{/if}}
<p>Thank you for your support.</p>`,
    text: `Dear {{firstName|friend}},

We could not take your monthly donation of {{amount}}. Your bank or card provider declined the payment.
{{#if manageUrl}}
You can update your details or cancel here: {{manageUrl}}
{{/if}}
Thank you for your support.`,
  },
};
