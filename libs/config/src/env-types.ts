import { z } from 'zod';

/** Helpers for environment variables, which always arrive as strings. */
export const envInt = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .default(String(fallback))
    .transform((value) => Number(value));

export const envPort = (fallback: number) =>
  envInt(fallback).refine((port) => port > 0 && port < 65536, 'must be a TCP port (1-65535)');

export const envUrl = (fallback: string) => z.url().default(fallback);

export const envList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim().toLowerCase())
        .filter((item) => item.length > 0),
    );

export const envBool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

/** `https://example.org` but not `https://example.org/page`, `https://user@example.org` or `ftp://…`. */
const isOrigin = (value: string): boolean => {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.pathname === '/' &&
      !/[?#]/.test(value) &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
};

/** A comma-separated list of web origins (scheme, host and port only), each compared as `URL.origin`. */
export const envOrigins = () =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .refine((origins) => origins.every(isOrigin), {
      message:
        'must be a comma-separated list of origins such as https://example.org,https://www.example.org',
    })
    .transform((origins) => origins.map((origin) => new URL(origin).origin));
