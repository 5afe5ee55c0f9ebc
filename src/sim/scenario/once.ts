/** A value made on first use and kept: for lookups only some inputs need (a did-you-mean index, say). */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
