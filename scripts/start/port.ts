/** Port availability, checked before anything starts so that a taken port costs nothing. */
import net from 'node:net';
import { StartupError } from './startup-error';

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Binds host:port the way `next start` will and releases it at once. The window between this
 * check and Next's own bind is small; if something grabs the port in it, Next fails and the
 * launcher reports that too.
 */
export function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error) => {
      switch (errorCode(error)) {
        case 'EADDRINUSE':
          reject(
            new StartupError(
              `PORT ${port} is already in use on ${host} (another server is listening there); stop it or set PORT to a free port`,
            ),
          );
          return;
        case 'EACCES':
          reject(
            new StartupError(
              `PORT ${port} on ${host} needs privileges this user lacks; use a port above 1023`,
            ),
          );
          return;
        case 'EADDRNOTAVAIL':
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
          reject(new StartupError(`HOST ${host} is not an address of this machine`));
          return;
        default:
          reject(new StartupError(`cannot listen on ${host}:${port}: ${error.message}`));
      }
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve());
    });
  });
}
