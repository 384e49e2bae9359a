import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, startService } from './helpers';

describe('what the privacy page says about the console', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startService({ WATCH_KNOWLEDGE: 'false' });
  });
  afterAll(() => s.stop());

  it('says sign-in is required when the service is reachable from other machines, not always', async () => {
    const page = (await (await fetch(`${s.url}/integritet`)).text()).replace(/\s+/g, ' ');
    // Without CONSOLE_TOKEN the console answers loopback without sign-in, so "always requires sign-in" is untrue.
    expect(page).not.toContain('konsol, som kräver inloggning');
    expect(page).toContain(
      'När tjänsten kan nås från andra datorer kräver konsolen inloggning med en nyckel (CONSOLE_TOKEN); utan nyckel svarar konsolen bara på datorn där Faktabot körs.',
    );
    expect((await (await fetch(`${s.url}/console/api/session`)).json()).signedIn).toBe(true);
  });
});
