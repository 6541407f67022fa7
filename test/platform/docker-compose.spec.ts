import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../support/compiled';

const composeAvailable = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;

// No Docker engine runs on our machines; the compose client, where present, can still parse the file.
(composeAvailable ? describe : describe.skip)('docker-compose.yml', () => {
  it('parses with docker compose config', () => {
    const result = spawnSync('docker', ['compose', 'config', '--quiet'], {
      cwd: REPO_ROOT,
      env: { ...process.env, APP_SECRET: 'x'.repeat(32) },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
