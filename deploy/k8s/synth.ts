import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleFiles, type K8sObject, manifestFiles } from './src/manifests';
import { DEFAULT_OPTIONS, type DeployOptions } from './src/options';
import { renderYaml } from './src/render';

const FLAGS: Record<string, keyof DeployOptions> = {
  '--image': 'image',
  '--public-host': 'publicHost',
  '--console-host': 'consoleHost',
  '--embed-origins': 'embedOrigins',
  '--ingress-class': 'ingressClass',
};

/**
 * `npm run deploy:k8s [-- --image REF --public-host H --console-host H … --out DIR]`: writes the
 * manifests (default: deploy/k8s/dist, which a test compares with the sources, and the Secret's
 * example in its examples/). An operator's own settings go to another directory with `--out`.
 */
function main(args: string[]): void {
  const root = join(__dirname, '..', '..', '..');
  const options: DeployOptions = { ...DEFAULT_OPTIONS };
  let out: string | null = null;
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--out') out = value;
    else if (FLAGS[flag]) options[FLAGS[flag]] = value;
    else throw new Error(`Unknown option ${flag}; known: --out, ${Object.keys(FLAGS).join(', ')}`);
  }
  const dist = out ?? join(root, 'deploy', 'k8s', 'dist');
  write(dist, manifestFiles(options));
  // A subdirectory: `kubectl apply -f DIR` is not recursive, so the empty Secret is never applied.
  write(join(dist, 'examples'), exampleFiles());
}

function write(directory: string, files: Record<string, K8sObject[]>): void {
  mkdirSync(directory, { recursive: true });
  for (const [name, objects] of Object.entries(files)) {
    writeFileSync(join(directory, name), renderYaml(objects));
    process.stdout.write(`wrote ${join(directory, name)} (${objects.length} objects)\n`);
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
