import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appNodeOptions } from '@crm/config';

/** The mailer as a real process, so its resident memory is its own and measurable from /proc. */
export class MailerProcess {
  private child: ChildProcess | null = null;
  private peakSampledKb = 0;
  private sampler: NodeJS.Timeout | null = null;

  constructor(
    private readonly distDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async start(url: string): Promise<void> {
    // BENCH_DISPATCH_MAILER_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the mailer alone.
    const nodeArgs = process.env.BENCH_DISPATCH_MAILER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    // BENCH_DISPATCH_MAILER_STDOUT=FILE keeps the mailer's standard output (e.g. `--trace-gc` lines), appended.
    const stdout = process.env.BENCH_DISPATCH_MAILER_STDOUT;
    this.child = spawn(
      process.execPath,
      [...appNodeOptions('mailer'), ...nodeArgs, join(this.distDir, 'apps', 'mailer', 'src', 'main.js')],
      {
        env: { ...process.env, ...this.env },
        stdio: ['ignore', stdout ? openSync(stdout, 'a') : 'ignore', 'inherit'],
      },
    );
    for (let waited = 0; waited < 60_000; waited += 200) {
      const response = await fetch(`${url}/health`).catch(() => null);
      if (response?.status === 200) break;
      if (this.child.exitCode !== null) throw new Error('mailer exited during start');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    this.sampler = setInterval(() => {
      this.peakSampledKb = Math.max(this.peakSampledKb, this.statusKb('VmRSS'));
    }, 100);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Resident set size now, in MiB. */
  rssMb(): number {
    return this.statusKb('VmRSS') / 1024;
  }

  /** Peak resident set size in MiB (the kernel's high-water mark, VmHWM). */
  peakRssMb(): number {
    return Math.max(this.statusKb('VmHWM'), this.peakSampledKb) / 1024;
  }

  /** CPU seconds the mailer has used (user + system), from /proc (clock ticks of 1/100 s). */
  cpuSeconds(): number {
    if (!this.child?.pid) return 0;
    try {
      const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return 0;
    }
  }

  async stop(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    if (!this.child || this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child!.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }

  private statusKb(field: string): number {
    if (!this.child?.pid) return 0;
    try {
      const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
        readFileSync(`/proc/${this.child.pid}/status`, 'utf8'),
      );
      return match ? Number(match[1]) : 0;
    } catch {
      return 0;
    }
  }
}
