/**
 * The rules of fetching a page by its address (fetchpage.ts), address by address: which hosts the allow-list lets
 * through and which addresses are internal. Over HTTP, against a real server, in pages.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { hostAllowed, isInternalAddress } from '../../src/service/fetchpage';

describe('fetching a page to import', () => {
  it('allows a listed name and its subdomains, and an IP address only when it is listed itself', () => {
    const list = ['vgregion.se', '10.1.2.3'];
    for (const host of ['vgregion.se', 'www.vgregion.se', 'a.b.vgregion.se', '10.1.2.3']) expect(hostAllowed(host, list), host).toBe(true);
    for (const host of ['evilvgregion.se', 'vgregion.se.example.org', 'se', 'example.org', '10.1.2.4', '127.0.0.1', '::1'])
      expect(hostAllowed(host, list), host).toBe(false);
  });

  it('reads loopback, private, link-local, shared, multicast and reserved addresses as internal, in IPv4, IPv6 and IPv4-mapped form', () => {
    for (const a of [
      '127.0.0.1',
      '127.8.9.10',
      '0.0.0.0',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'fc00::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::7f00:1',
      'not an address',
    ])
      expect(isInternalAddress(a), a).toBe(true);
    for (const a of ['193.183.0.10', '8.8.8.8', '172.32.0.1', '2a00:1450:4010:c05::64', '::ffff:8.8.8.8'])
      expect(isInternalAddress(a), a).toBe(false);
  });
});
