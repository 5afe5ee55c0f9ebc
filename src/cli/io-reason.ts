/** A short human reason for a file-system error (`permission denied`), without the stack or syscall noise. */
export function reason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string') {
    const known: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      EROFS: 'read-only file system',
      ENOSPC: 'no space left on device',
      EISDIR: 'it is a directory',
      ENOTDIR: 'a parent is not a directory',
      ELOOP: 'symbolic link loop',
      EPIPE: 'the reader closed the pipe',
      ENXIO: 'no such device or address',
    };
    return known[e.code] ?? e.code;
  }
  return typeof e?.message === 'string' ? e.message : String(err);
}
