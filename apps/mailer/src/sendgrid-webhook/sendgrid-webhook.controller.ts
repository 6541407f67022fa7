import { Public } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { type FieldError, ReadsAnyBody, TakesLargeBody } from '@crm/platform';
import { withoutNul } from '@crm/values';
import {
  BadRequestException,
  Controller,
  Headers,
  HttpCode,
  Inject,
  Post,
  type RawBodyRequest,
  Req,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { MailerConfig } from '../config/mailer.config';
import { EventIngestService, type IngestResult } from './event-ingest.service';
import { sendGridBatchSchema } from './sendgrid-event';
import { SignedEventVerifier } from './signed-event-verifier';

const SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
const TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

/** SendGrid's signed event webhook: verify → store → answer. Public (SendGrid has no staff token). */
@ApiTags('webhooks')
@Controller('webhooks/sendgrid')
export class SendGridWebhookController {
  private readonly verifier: SignedEventVerifier | null;

  constructor(
    private readonly ingest: EventIngestService,
    @Inject(APP_CONFIG) config: MailerConfig,
  ) {
    this.verifier = config.SENDGRID_WEBHOOK_PUBLIC_KEY
      ? new SignedEventVerifier(config.SENDGRID_WEBHOOK_PUBLIC_KEY)
      : null;
  }

  @ReadsAnyBody()
  @TakesLargeBody()
  @Post()
  @Public()
  @HttpCode(200)
  async receive(
    @Req() request: RawBodyRequest<Request>,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Headers(TIMESTAMP_HEADER) timestamp: string | undefined,
  ): Promise<IngestResult> {
    if (!this.verifier) {
      throw new ServiceUnavailableException(
        'SENDGRID_WEBHOOK_PUBLIC_KEY is not configured; events cannot be verified',
      );
    }
    if (!signature || !timestamp)
      throw new BadRequestException(`${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER} are required`);
    if (!request.rawBody) throw new BadRequestException('body: expected a JSON array of events');
    const verdict = this.verifier.verify(request.rawBody, signature, timestamp);
    if (verdict === 'bad-signature') throw new BadRequestException('signature does not match the body');
    if (verdict === 'stale') throw new BadRequestException('timestamp is more than 10 minutes from now');
    // A NUL cannot be stored; SendGrid would retry the whole batch forever over one stray byte.
    const parsed = sendGridBatchSchema.safeParse(withoutNul(request.body));
    if (!parsed.success) {
      const details = fieldErrors(parsed.error.issues);
      throw new BadRequestException({
        message: `invalid events: ${details
          .slice(0, 5)
          .map((detail) => detail.field)
          .join(', ')}`,
        details: details.slice(0, 20),
      });
    }
    return this.ingest.ingest(parsed.data);
  }
}

/** Zod's issues in the common error shape: one entry per field (`body[0][timestamp]`), with its messages. */
function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): FieldError[] {
  const byField = new Map<string, string[]>();
  for (const issue of issues) {
    const field = `body${issue.path.map((part) => `[${String(part)}]`).join('')}`;
    byField.set(field, [...(byField.get(field) ?? []), issue.message]);
  }
  return [...byField].map(([field, messages]) => ({ field, messages }));
}
