import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs JSON on a keep-alive connection and resolves with the parsed JSON body (rejects on non-2xx). */
export function postJson(
  port: number,
  path: string,
  body: unknown,
  token: string,
  headers: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<unknown> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': Buffer.byteLength(text),
          authorization: `Bearer ${token}`,
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 300)
            reject(new Error(`HTTP ${res.statusCode}: ${raw.slice(0, 300)}`));
          else
            try {
              resolve(JSON.parse(raw));
            } catch (error) {
              reject(error);
            }
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(text);
  });
}

export function closeHttpAgent(): void {
  agent.destroy();
}
