import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROBLEM_TYPES, PROBLEM_TYPE_BASE } from '../shared/http/problem.js';
import { logger } from '../shared/logger.js';
import { GATEWAY_MAX_BODY_BYTES, LocalGateway } from './gateway.js';

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 0 ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The local HTTP front door: Node's http server → {@link LocalGateway} → the Lambda handlers. */
export async function startHttpServer(gateway: LocalGateway, port: number, host = '127.0.0.1'): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      const result = await gateway.handle({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: request.headers,
        body,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      });
      response.writeHead(result.statusCode, result.headers as Record<string, string>);
      response.end(result.statusCode === 204 ? undefined : result.body);
    } catch (error) {
      const slug = error instanceof BodyTooLarge ? 'payload-too-large' : 'internal';
      if (slug === 'internal') logger.error('local server failed', { error });
      const { status, title } = PROBLEM_TYPES[slug];
      if (!response.headersSent) response.writeHead(status, { 'Content-Type': 'application/problem+json', Connection: 'close' });
      response.end(JSON.stringify({ type: PROBLEM_TYPE_BASE + slug, title, status, detail: title }));
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
