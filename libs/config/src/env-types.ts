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
