/**
 * A small XML well-formedness check for the JUnit tests (no XML parser is a
 * dependency): balanced tags, quoted attributes, only the five predefined or
 * numeric entities, no stray `<` or `&` in text. Returns the element names in
 * document order, or throws naming the problem.
 */
export function checkWellFormed(xml: string): string[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const names: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy;
  let m: RegExpExecArray | null;
  while (token.lastIndex < body.length && (m = token.exec(body)) !== null) {
    const [, close, name, attrs, selfClose, text, stray] = m;
    if (stray !== undefined) throw new Error(`stray "<" at ${m.index}`);
    if (text !== undefined) {
      checkEntities(text);
      continue;
    }
    checkEntities(attrs ?? '');
    if (close === '/') {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else {
      names.push(name as string);
      if (selfClose !== '/') stack.push(name as string);
    }
  }
  if (token.lastIndex !== body.length && body.length > 0) throw new Error(`unparsable at ${token.lastIndex}`);
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return names;
}

function checkEntities(text: string): void {
  const bad = text.match(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
  if (bad) throw new Error(`bad entity in ${JSON.stringify(text)}`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) throw new Error('control character');
}

/** Decodes the predefined and numeric entities. */
export function xmlText(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
