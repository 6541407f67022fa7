import { spawnSync } from 'node:child_process';
import { buildOnce, compiled, REPO_ROOT } from '../support/compiled';

/**
 * The console's API types (apps/console/web/src/api/generated) are generated from the apps'
 * OpenAPI documents and committed. A route or DTO that changes without regenerating them fails
 * here, and the regenerated types then fail the console's typecheck wherever it relied on the old shape.
 */
describe('console API types', () => {
  it('match a fresh generation from the apps’ OpenAPI documents', () => {
    buildOnce();
    const check = spawnSync(process.execPath, [compiled('tools', 'console-api.js'), '--check'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(`${check.stderr}`.trim() || 'up to date').toBe('up to date');
    expect(check.status).toBe(0);
  }, 90_000);
});
