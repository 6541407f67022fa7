import { NeverCached } from '@crm/platform';
import { applyDecorators, Header } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';

/** A route answering one of the small HTML pages behind email links; never cached (tokens in the URL). */
export const HtmlRoute = (): MethodDecorator =>
  applyDecorators(
    Header('Content-Type', 'text/html; charset=utf-8'),
    NeverCached(),
    ApiProduces('text/html'),
  );
