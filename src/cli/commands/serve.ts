import type { Command } from 'commander';
import type { Action, CliContext } from '../context.js';

export function registerServe(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('serve')
    .description('run the service: migrate, ingest seeds, schedule sends and re-ingest, serve the web pages (npm start)')
    .action(() =>
      run(async () => {
        const { startService } = await import('../../service.js'); // only `serve` needs fastify and the schedule
        const app = await ctx.openApp({ service: true });
        let service;
        try {
          service = await startService(app);
        } catch (error) {
          await app.close();
          throw error;
        }
        await waitForSignal();
        app.log.info('shutting down: finishing work in progress');
        await service.stop();
        await app.close();
        app.log.info('stopped');
      }),
    );
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
