/**
 * The import job's code is all `npm run bench:import` loads besides TypeORM, so the live heap of
 * every module it pulls in counts against the benchmark's 300 MB bar, about four times over (V8
 * lets the heap grow to a multiple of what survived the last full collection). It needs nothing of
 * Nest: reaching it through the @crm/platform barrel cost 30-60 MB of peak RSS.
 */
jest.mock('@nestjs/common', () => {
  throw new Error('the import job code loaded @nestjs/common');
});

it('loads without NestJS', async () => {
  await expect(import('./supporter-importer')).resolves.toHaveProperty('SupporterImporter');
});
