/** Reading the grader's inputs (plain or gzip-compressed JSONL) and writing its results. */
import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/** An input or output file that could not be used; `message` is a sentence for people. */
export class FileError extends Error {
  override name = 'FileError';
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'there is no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads a UTF-8 text file, gunzipping it when it is gzip data (told by its first bytes, so a
 * `.gz` name is not required and a mislabelled plain file still reads).
 * @throws FileError with a plain sentence when the file cannot be read or unzipped
 */
export async function readTextFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new FileError(`Cannot read ${path}: ${reasonOf(error)}.`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new FileError(`Cannot unzip ${path}: ${reasonOf(error)}.`);
    }
  }
  return bytes.toString('utf8');
}

/**
 * Writes one JSON object a line.
 * @throws FileError with a plain sentence when the file cannot be written
 */
export async function writeJsonl(path: string, rows: readonly unknown[]): Promise<void> {
  const text = rows.map((row) => `${JSON.stringify(row)}\n`).join('');
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new FileError(`Cannot write ${path}: ${reasonOf(error)}.`);
  }
}
