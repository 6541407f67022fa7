import { flattenValidationErrors, type FieldError } from '@crm/platform';
import { formatMoney } from '@crm/values';
import { plainToInstance } from 'class-transformer';
import { isEmail, validateSync } from 'class-validator';
import { normalisePostcode } from '../common/postcode';
import { CheckoutRequestDto } from '../checkout/dto/checkout-request.dto';
import type { DonationsConfig } from '../config/donations.config';
import { chosenPence, type DonateChoices, type DonateField, singleLine } from './donate-choices';

export type DonateErrors = Partial<Record<DonateField, string>>;

const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/;

type Limits = Pick<DonationsConfig, 'DONATION_MIN_AMOUNT' | 'DONATION_MAX_AMOUNT'>;

/** Each field's problem in the donor's words, checked in the order the form shows them. */
export function donateErrors(choices: DonateChoices, limits: Limits): DonateErrors {
  const errors: DonateErrors = {};
  const pence = chosenPence(choices);
  const range = `between ${formatMoney(limits.DONATION_MIN_AMOUNT, 'gbp')} and ${formatMoney(limits.DONATION_MAX_AMOUNT, 'gbp')}`;
  if (choices.amount === '' || (choices.amount === 'other' && choices.otherAmount === '')) {
    errors.amount = 'Choose an amount, or enter your own';
  } else if (pence === null) {
    errors.amount = 'Enter an amount in pounds, like 15 or 15.50';
  } else if (pence < limits.DONATION_MIN_AMOUNT || pence > limits.DONATION_MAX_AMOUNT) {
    errors.amount = `Enter an amount ${range}`;
  }
  const name = (field: 'firstName' | 'lastName', what: string, max: number): void => {
    const value = choices[field];
    if (value === '') errors[field] = `Enter your ${what}`;
    else if (value.length > max || !singleLine(value))
      errors[field] = `Enter your ${what} (up to ${max} letters)`;
  };
  if (choices.title.length > 4 || !singleLine(choices.title))
    errors.title = 'Enter a title such as Mr, Ms or Dr';
  name('firstName', 'first name', 35);
  name('lastName', 'last name', 35);
  if (choices.email === '') errors.email = 'Enter your email address, for your receipt';
  else if (choices.email.length > 254 || !isEmail(choices.email)) {
    errors.email = 'Enter an email address like name@example.com';
  }
  if (choices.giftAid) {
    if (choices.houseNameOrNumber === '')
      errors.houseNameOrNumber = 'Enter your house name or number for Gift Aid';
    else if (choices.houseNameOrNumber.length > 40 || !singleLine(choices.houseNameOrNumber)) {
      errors.houseNameOrNumber = 'Enter your house name or number (up to 40 characters)';
    }
    if (choices.postcode === '') errors.postcode = 'Enter your postcode for Gift Aid';
    else if (!UK_POSTCODE.test(normalisePostcode(choices.postcode))) {
      errors.postcode = 'Enter a UK postcode, like N1 1AA';
    }
  }
  return errors;
}

/** The checkout the choices ask for, checked once more by the API's own rules. */
export function checkoutRequestOf(
  choices: DonateChoices,
  cancelUrl: string,
): { request: CheckoutRequestDto; errors: DonateErrors } {
  const request = plainToInstance(CheckoutRequestDto, {
    amount: chosenPence(choices),
    frequency: choices.frequency,
    name: `${choices.firstName} ${choices.lastName}`,
    email: choices.email,
    coverFees: choices.coverFees,
    source: 'donate-page',
    cancelUrl,
    ...(choices.campaign ? { campaign: choices.campaign } : {}),
    ...(choices.giftAid
      ? {
          giftAid: {
            ...(choices.title ? { title: choices.title } : {}),
            firstName: choices.firstName,
            lastName: choices.lastName,
            houseNameOrNumber: choices.houseNameOrNumber,
            postcode: choices.postcode,
          },
        }
      : {}),
  });
  const problems = flattenValidationErrors(validateSync(request, { whitelist: true }));
  return { request, errors: formErrors(problems) };
}

/** The API's field names (`giftAid.postcode`) as the form's, with a message a donor can act on. */
export function formErrors(problems: readonly FieldError[]): DonateErrors {
  const errors: DonateErrors = {};
  for (const problem of problems) {
    const field = problem.field.replace(/^giftAid\.?/, '') || 'houseNameOrNumber';
    const known: DonateField =
      (
        [
          'amount',
          'title',
          'firstName',
          'lastName',
          'email',
          'houseNameOrNumber',
          'postcode',
          'campaign',
        ] as const
      ).find((name) => name === field) ?? (field === 'name' ? 'firstName' : 'amount');
    errors[known] ??= `Please check this: ${problem.messages.join(', ')}`;
  }
  return errors;
}
