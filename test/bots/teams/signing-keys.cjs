/**
 * Preloaded (node --require) into a service process by the Teams token tests: the Bot Framework's signing keys, as
 * botframework-connector holds them after fetching them from the Bot Framework's OpenID metadata, are the test's
 * key (TEST_BOT_SIGNING_JWK, a public JWK with its kid). The service's own code and botbuilder's token check run
 * unchanged; only the fetch, which would leave the machine, is answered from here.
 */
const { AuthenticationConstants } = require('botframework-connector');
const { JwtTokenExtractor } = require('botframework-connector/lib/auth/jwtTokenExtractor');
const { OpenIdMetadata } = require('botframework-connector/lib/auth/openIdMetadata');

const url = AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
const metadata = new OpenIdMetadata(url);
metadata.keys = [JSON.parse(process.env.TEST_BOT_SIGNING_JWK)];
metadata.lastUpdated = Date.now();
JwtTokenExtractor.openIdMetadataCache.set(url, metadata);
