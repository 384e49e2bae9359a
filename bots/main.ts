/**
 * `npm start`: the service with every configured chat adapter. The only file that knows both the core and the
 * platforms.
 */
import { runService } from '../src/service/main';
import { slackAdapters } from './slack/index';
import { teamsAdapters } from './teams/index';

runService((service) => [...slackAdapters(service), ...teamsAdapters(service)]).catch((e: unknown) => {
  process.stderr.write(`faktabot: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
