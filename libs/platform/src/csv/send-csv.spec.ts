import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@crm/testing';
import { Controller, Get, type INestApplication, NotFoundException, Res } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import request from 'supertest';
import { ApiExceptionFilter } from '../errors/api-exception.filter';
import { csvLine } from './csv-line';
import { sendCsv } from './send-csv';

/** What the endless export did: whether it was read at all, and whether its `finally` ran. */
const endless = { started: false, released: false };

@Controller()
class ExportsController {
  @Get('people.csv')
  people(@Res() response: Response): Promise<void> {
    return sendCsv(response, 'people.csv', [csvLine(['id', 'name']), csvLine([1, '=HYPERLINK("x")'])]);
  }

  @Get('missing.csv')
  missing(@Res() response: Response): Promise<void> {
    const failing: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new NotFoundException('No such export')) }),
    };
    return sendCsv(response, 'missing.csv', failing);
  }

  @Get('broken.csv')
  broken(@Res() response: Response): Promise<void> {
    return sendCsv(
      response,
      'broken.csv',
      (async function* () {
        yield csvLine(['id']);
        throw new Error('database went away');
      })(),
    );
  }

  @Get('endless.csv')
  endless(@Res() response: Response): Promise<void> {
    return sendCsv(
      response,
      'endless.csv',
      (async function* () {
        endless.started = true;
        try {
          for (;;) yield `${'x'.repeat(65_536)}\r\n`;
        } finally {
          endless.released = true;
        }
      })(),
    );
  }

  @Get('unsafe')
  unsafe(@Res() response: Response): Promise<void> {
    return sendCsv(response, 'a"b.csv', []);
  }
}

describe('sendCsv', () => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ExportsController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ApiExceptionFilter());
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());
  beforeEach(() => Object.assign(endless, { started: false, released: false }));

  it('answers a CSV attachment, never cached, with the lines as written', async () => {
    const response = await request(url).get('/people.csv').expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="people.csv"');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.text).toBe(`id,name\r\n1,"'=HYPERLINK(""x"")"\r\n`);
  });

  it('answers an error raised before the first line as the usual JSON error, not a download', async () => {
    const response = await request(url).get('/missing.csv').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBeUndefined();
    expect(response.body).toMatchObject({ statusCode: 404, message: 'No such export' });
  });

  it('cuts the connection on an error after the first line, so the download is not taken as whole', async () => {
    await expect(request(url).get('/broken.csv')).rejects.toThrow();
  });

  it('stops reading the export, and lets it clean up, when the client goes away mid-download', async () => {
    const download = get(`${url}/endless.csv`);
    // Going away is the point: the client's own 'socket hang up' is expected, not a failure.
    download.on('error', () => undefined);
    download.on('response', (response) => response.once('data', () => response.pause()));
    await waitFor(async () => endless.started, { what: 'the export to start' });
    download.destroy();
    await waitFor(async () => endless.released, { what: "the export's finally" });
  });

  it('answers HEAD with the headers and reads nothing', async () => {
    const response = await request(url).head('/endless.csv').expect(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="endless.csv"');
    expect(endless.started).toBe(false);
  });

  it('refuses a file name the header could not carry as it is', async () => {
    await request(url).get('/unsafe').expect(500);
  });
});
