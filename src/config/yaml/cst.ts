import { CST } from 'yaml';

/** Deepest collection nesting the loader accepts (HB007). */
export const MAX_NESTING_DEPTH = 64;

export const TOO_DEEP_MESSAGE = `nesting deeper than ${MAX_NESTING_DEPTH} levels: flatten the document`;

/**
 * Offset of the first collection nested deeper than `maxDepth` in a CST
 * document, or undefined. The `yaml` parser builds its CST without recursion,
 * but composing and converting recurse once per level, so a document such as
 * 100,000 `[` must be rejected here, before composition, to avoid a stack
 * overflow. The walk itself uses an explicit stack for the same reason.
 */
export function findTooDeepOffset(doc: CST.Document, maxDepth = MAX_NESTING_DEPTH): number | undefined {
  const stack: [CST.Token, number][] = [];
  if (doc.value) stack.push([doc.value, 0]);
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [token, outerDepth] = entry;
    if (!CST.isCollection(token)) continue;
    const depth = outerDepth + 1;
    if (depth > maxDepth) return token.offset;
    // Pushed in reverse so that the first too-deep collection in document order is found first.
    for (let i = token.items.length - 1; i >= 0; i--) {
      const item = token.items[i];
      if (item?.value) stack.push([item.value, depth]);
      if (item?.key) stack.push([item.key, depth]);
    }
  }
  return undefined;
}
