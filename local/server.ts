import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PayloadTooLargeError } from '../shared/http/errors.js';
import { internalProblem, problem } from '../shared/http/problem.js';
import { logger } from '../shared/observability/logger.js';
import { GATEWAY_MAX_BODY_BYTES, LocalGateway } from './gateway.js';

/**
 * The request body, up to API Gateway's limit. A larger one is read to its end and dropped
 * (not cut off mid-upload), so the client, still sending, gets the 413 instead of a reset.
 */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_MAX_BODY_BYTES) chunks.length = 0;
      else chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > GATEWAY_MAX_BODY_BYTES) reject(new PayloadTooLargeError(GATEWAY_MAX_BODY_BYTES));
      else resolve(chunks.length === 0 ? null : Buffer.concat(chunks).toString('utf8'));
    });
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
      // Whatever failed (reading the body, or the gateway itself), this id ties the answer to its log line.
      const requestId = randomUUID();
      const tooLarge = error instanceof PayloadTooLargeError;
      if (!tooLarge) logger.error('local server failed', { requestId, error });
      const body = tooLarge ? problem('payload-too-large', error.message, {}, requestId) : internalProblem(requestId);
      if (!response.headersSent) response.writeHead(body.status, { 'Content-Type': 'application/problem+json', Connection: 'close' });
      response.end(JSON.stringify(body));
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
