import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** fsyncs a folder so a file just created or renamed in it survives a crash of the machine. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces a file all at once: writes a temporary file beside it, fsyncs it, renames it over the target
 * and fsyncs the folder. A reader (or a restart after a kill) sees the old file or the new one, never half.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDir(path.dirname(file));
}

/**
 * Appends one record with a single write(2) on an O_APPEND descriptor, then fdatasync: after a kill the
 * file holds the whole line or none of it (a torn tail after a power loss is repaired on the next open).
 * Returns true when this call created the file.
 */
export async function appendDurably(file: string, data: Uint8Array): Promise<boolean> {
  const handle = await open(file, 'a');
  try {
    const created = (await handle.stat()).size === 0;
    let offset = 0;
    // A regular file takes the whole buffer in one call; loop anyway, as write(2) may write less.
    while (offset < data.length) {
      const { bytesWritten } = await handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
    }
    await handle.datasync();
    return created;
  } finally {
    await handle.close();
  }
}
