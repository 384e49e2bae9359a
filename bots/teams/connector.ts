/**
 * botbuilder's CloudAdapter and Bot Framework authentication, adjusted for a service: activity processing callable
 * from our route, token checks that print nothing to the console, and a deadline on every call to a connector.
 */
import { type Activity, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { Entity } from 'botframework-connector/lib/connectorApi/models/mappers';
import { quietly } from './quiet';

/**
 * Entities keep all their properties on the way to Teams. The connector's serializer reads each entity of an
 * activity with the bare Entity model (type, text, mentioned) and drops everything else, which would take the
 * citations off an answer (the schema.org Message entity); the Activity model itself allows more properties on its
 * entities, and with this so does the model the serializer picks.
 */
const entityType = Entity.type as { additionalProperties?: unknown };
entityType.additionalProperties ??= { type: { name: 'Object' } };

/**
 * CloudAdapter with its activity processing callable from our route: CloudAdapter.process() prints every
 * authentication failure to the console with its stack and answers a failure to fetch the signing keys with 500.
 */
export class ServiceAdapter extends CloudAdapter {
  run(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }
}

type ConnectorFactory = NonNullable<
  Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>['connectorFactory']
>;

/**
 * Bot Framework authentication whose token check prints nothing to the console, and whose connector clients
 * (replies, proactive messages) give every call a deadline, so that a serviceUrl that never answers cannot hang a
 * turn. The connector factory replaces any request policy passed in its options, so the timeout goes on each
 * operation instead, where the client turns it into the HTTP request's own timeout (the socket is aborted, not
 * left open).
 */
export class TimedAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    config: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly timeoutMs: number,
  ) {
    super(config);
  }

  // Replies use the factory that authenticateRequest returns; proactive messages the one createConnectorFactory does.
  // The token check prints its failures to the console (quiet.ts): muted, since the caller logs why it failed.
  async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>) {
    const result = await quietly(() => super.authenticateRequest(...args));
    return result.connectorFactory ? { ...result, connectorFactory: this.timed(result.connectorFactory) } : result;
  }

  createConnectorFactory(...args: Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>) {
    return this.timed(super.createConnectorFactory(...args));
  }

  private timed(inner: ConnectorFactory): ConnectorFactory {
    const ms = this.timeoutMs;
    return {
      async create(serviceUrl: string, audience?: string) {
        const client = await inner.create(serviceUrl, audience);
        const send = client.sendOperationRequest.bind(client);
        client.sendOperationRequest = ((args: { options?: Record<string, unknown> }, spec: unknown, callback?: unknown) =>
          send({ ...args, options: { ...args.options, timeout: ms } } as never, spec as never, callback as never)) as never;
        return client;
      },
    };
  }
}
