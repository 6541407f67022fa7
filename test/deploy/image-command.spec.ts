import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The image's command (Dockerfile CMD) starts the app named by APP with its Node.js options from
 * libs/config's table. Run here with `sh` in a directory laid out as the image's /app, with a
 * stand-in app that prints the options it was started with.
 */
const dockerfile = readFileSync(join(__dirname, '..', '..', 'Dockerfile'), 'utf8');
const command = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as [string, string, string];

function imageDirectory(withOptionsTable: boolean): string {
  const app = mkdtempSync(join(tmpdir(), 'crm-image-'));
  mkdirSync(join(app, 'dist', 'apps', 'mailer', 'src'), { recursive: true });
  writeFileSync(
    join(app, 'dist', 'apps', 'mailer', 'src', 'main.js'),
    'process.stdout.write(JSON.stringify(process.execArgv));',
  );
  if (withOptionsTable) {
    mkdirSync(join(app, 'dist', 'libs', 'config', 'src'), { recursive: true });
    writeFileSync(
      join(app, 'dist', 'libs', 'config', 'src', 'app-heap.js'),
      "exports.appNodeOptions = (app) => [app === 'mailer' ? '--max-old-space-size=256' : '--bad'];",
    );
  }
  return app;
}

function runImageCommand(app: string): { status: number | null; stdout: string } {
  const [shell, flag, script] = command;
  const result = spawnSync(shell, [flag, script], {
    cwd: app,
    env: { PATH: `${join(process.execPath, '..')}:${process.env.PATH ?? ''}`, APP: 'mailer' },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout };
}

describe('the image command', () => {
  it('starts the app with its heap ceiling from the options table', () => {
    const app = imageDirectory(true);
    try {
      expect(runImageCommand(app)).toEqual({ status: 0, stdout: '["--max-old-space-size=256"]' });
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });

  it('refuses to start the app without its options rather than start it without a ceiling', () => {
    const app = imageDirectory(false);
    try {
      const started = runImageCommand(app);
      expect(started.status).not.toBe(0);
      expect(started.stdout).toBe('');
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});
