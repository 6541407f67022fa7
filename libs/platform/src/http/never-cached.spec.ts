import {
  Controller,
  Get,
  type INestApplication,
  NotFoundException,
  ParseIntPipe,
  Query,
  Res,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import request from 'supertest';
import { ApiExceptionFilter } from '../errors/api-exception.filter';
import { NeverCached } from './never-cached';

@Controller()
class TokenPagesController {
  @Get('page')
  @NeverCached()
  page(): string {
    return '<p>Hello</p>';
  }

  @Get('handled')
  @NeverCached()
  handled(@Res() response: Response): void {
    response.status(202).json({ ok: true });
  }

  @Get('gone')
  @NeverCached()
  gone(): string {
    throw new NotFoundException('This link no longer works');
  }

  @Get('refused')
  @NeverCached()
  refused(@Query('n', ParseIntPipe) n: number): number {
    return n;
  }

  @Get('ordinary')
  ordinary(): string {
    return 'cacheable';
  }
}

describe('NeverCached', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [TokenPagesController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ApiExceptionFilter());
    await app.init();
  });
  afterAll(() => app.close());

  it.each([
    ['/page', 200],
    ['/handled', 202],
    ['/gone', 404],
    ['/refused?n=x', 400],
  ])('answers %s with Cache-Control: no-store (%i), errors included', async (path, status) => {
    await request(app.getHttpServer()).get(path).expect(status).expect('Cache-Control', 'no-store');
  });

  it('leaves other routes alone', async () => {
    const response = await request(app.getHttpServer()).get('/ordinary').expect(200);
    expect(response.headers['cache-control']).toBeUndefined();
  });
});
