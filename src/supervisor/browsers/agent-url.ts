/**
 * The agent WebSocket address of a supervisor given by its `http://` (or
 * `https://`) address: same host and port, scheme `ws:` (`wss:`), path
 * `<base>/agent`. Null when the text is not such an address.
 */
export function agentSocketUrl(httpUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(httpUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return null;
  const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}${base}agent`;
}
