import { createReadStream } from 'node:fs';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DataSource, EntityManager, EntityTarget } from 'typeorm';

/** A table of an upload's pieces: one row per 1 MiB, in order. */
export interface UploadChunkRow {
  importId: string;
  seq: number;
  bytes: Buffer;
}

const CHUNK_BYTES = 1024 * 1024;

/**
 * Uploads land on the disk of the replica that received them, but any replica may run the import
 * job. The file is copied into the database beside its import row (in the same transaction), and
 * a replica without the file writes it back from there before importing; the copy goes once the
 * import is over. Pieces are read and written one at a time, so memory stays at one piece.
 */
export async function saveUploadCopy(
  manager: EntityManager,
  table: EntityTarget<UploadChunkRow>,
  importId: string,
  path: string,
): Promise<void> {
  let seq = 0;
  for await (const bytes of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    await manager.insert(table, { importId, seq, bytes });
    seq += 1;
  }
}

/**
 * Writes the upload back to `path` from its copy when this replica does not have it. True when the
 * database holds a copy, so the local file may be removed after the attempt and restored again.
 */
export async function restoreUploadCopy(
  dataSource: DataSource,
  table: EntityTarget<UploadChunkRow>,
  importId: string,
  path: string,
): Promise<boolean> {
  const repository = dataSource.getRepository(table);
  if (!(await repository.exists({ where: { importId, seq: 0 } }))) return false; // the file is all there is
  if (await exists(path)) return true;
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.part`;
  try {
    const file = await open(partial, 'w');
    try {
      for (let seq = 0; ; seq += 1) {
        const piece = await repository.findOneBy({ importId, seq });
        if (!piece) break;
        await file.write(piece.bytes);
      }
    } finally {
      await file.close();
    }
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return true;
}

/** The import is over (finished or given up): its copy is no longer needed. */
export async function discardUploadCopy(
  dataSource: DataSource,
  table: EntityTarget<UploadChunkRow>,
  importId: string,
): Promise<void> {
  await dataSource.getRepository(table).delete({ importId });
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );
