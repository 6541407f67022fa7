import { envPort, envUrl } from './env-types';

/**
 * The console's address, read by the console app and by the tools that print or mail links to it
 * (`npm start`, `npm run cli -- staff:invite`).
 */
export const consoleEnvFields = {
  CONSOLE_PORT: envPort(3000),
  /** The console's public address: the base of invitation and reset links; https makes its cookie Secure. */
  CONSOLE_URL: envUrl('http://localhost:3000'),
};
