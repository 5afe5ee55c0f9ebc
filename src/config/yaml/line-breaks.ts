/**
 * YAML 1.2 line breaks are LF, CRLF and a CR on its own, and all of them
 * mean LF in the data. The `yaml` library breaks lines only at LF (and
 * quotes CRs in its messages), so a file saved with old Mac line endings
 * would read as one long line. Every break becomes LF before parsing: the
 * same content then gives the same findings, lines and columns whatever its
 * line endings.
 */
export function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(CR_BREAK, '\n') : text;
}

const CR_BREAK = /\r\n?/g;
