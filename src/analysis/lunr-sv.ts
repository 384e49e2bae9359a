/**
 * lunr with lunr-languages' Swedish plugin registered exactly once (registering twice prints a warning). Everything
 * that needs lunr's Swedish pipeline or stemmer imports it from here.
 */
import lunr = require('lunr');
import stemmerSupport = require('lunr-languages/lunr.stemmer.support');
import sv = require('lunr-languages/lunr.sv');

const withSv = lunr as typeof lunr & { sv?: lunr.Builder.Plugin & { stemmer: (t: lunr.Token) => lunr.Token } };
if (!withSv.sv) {
  stemmerSupport(lunr);
  sv(lunr);
}

export const lunrSv = withSv as typeof lunr & {
  sv: lunr.Builder.Plugin & { stemmer: (t: lunr.Token) => lunr.Token; stopWordFilter: (t: lunr.Token) => lunr.Token | undefined };
};
