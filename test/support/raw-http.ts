import { connect } from 'node:net';

/** What came back for one hand-written HTTP/1.1 request. */
export interface RawHttpAnswer {
  /** The status code, or undefined when the server closed the connection without a status line. */
  status: number | undefined;
  /** Everything the server sent (status line, headers and body). */
  text: string;
}

/** True once `received` holds a whole response (headers plus the body its framing announces). */
function isComplete(received: Buffer, method: string): boolean {
  const headEnd = received.indexOf('\r\n\r\n');
  if (headEnd < 0) return false;
  const head = received.subarray(0, headEnd).toString('latin1');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
  if (method === 'HEAD' || status === 204 || status === 304) return true;
  const body = received.subarray(headEnd + 4);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) return body.toString('latin1').endsWith('0\r\n\r\n');
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
  return length !== undefined && body.length >= Number(length);
}

/**
 * Sends `head` (request line and headers, no trailing blank line) and `body` byte for byte over a fresh TCP
 * connection, bypassing every client-side check `fetch` makes (it refuses malformed targets and Host values).
 * Resolves once a whole response arrived or the server closed the connection; rejects after `timeoutMs`.
 */
export function sendRawHttp(
  port: number,
  head: string,
  body: Buffer | string = '',
  timeoutMs = 10_000,
): Promise<RawHttpAnswer> {
  const method = head.slice(0, head.indexOf(' '));
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(head.split('\r\n')[0])}`));
    }, timeoutMs);
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = received.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text });
    };
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (isComplete(received, method)) finish();
    });
    socket.on('end', finish);
    // A reset after the answer is still an answer; a reset before it means the connection was dropped.
    socket.on('error', finish);
    socket.on('connect', () => {
      socket.write(Buffer.from(`${head}\r\nconnection: close\r\n\r\n`, 'latin1'));
      socket.write(body);
    });
  });
}
