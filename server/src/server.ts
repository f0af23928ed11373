import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

/**
 * `layerwise-lsp`: the Layerwise language server. Editors start it with `--stdio` (or VS Code with node IPC);
 * the transport is picked from the command line.
 */
if (process.argv.includes('--version')) {
  process.stdout.write(`${typeof __LAYERWISE_VERSION__ === 'string' ? __LAYERWISE_VERSION__ : '0.0.0-dev'}\n`);
  process.exit(0);
}
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write('Usage: layerwise-lsp --stdio\n\nThe Layerwise language server for Dockerfiles and Compose files. It speaks LSP over stdio (--stdio),\nnode IPC (--node-ipc) or a socket (--socket=<port>).\n');
  process.exit(0);
}
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
  process.stderr.write('layerwise-lsp: choose a transport, e.g. `layerwise-lsp --stdio` (see --help).\n');
  process.exit(2);
}

const connection = createConnection(ProposedFeatures.all);
// A promise nobody awaited (a notification after the client went away) must not end the process.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`layerwise: unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
});
startServer(connection);

declare const __LAYERWISE_VERSION__: string | undefined;
