import { baseEnvSchema, ConfigError, loadConfig } from '@crm/config';

/** The shared variables, validated, for tools that run outside the apps; exits 78 when malformed. */
export function loadBaseEnvOrExit(): ReturnType<typeof loadConfig<typeof baseEnvSchema>> {
  try {
    return loadConfig(baseEnvSchema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}
