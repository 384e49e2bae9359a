/**
 * `npm start`: the service with every configured chat adapter. The only file that knows both the core and the
 * platforms.
 */
import { runService } from '../src/service/main';
import { slackAdapters } from './slack/index';
import { teamsAdapters } from './teams/index';

runService((host) => [...slackAdapters(host), ...teamsAdapters(host)]).catch((e: unknown) => {
  process.stderr.write(`faktabot: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
