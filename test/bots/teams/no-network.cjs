/**
 * Preloaded (node --require) into the Agents Playground's process by the tests: every outbound connection to a host
 * that is not loopback is refused before it is made, and recorded in the file named by NO_NETWORK_LOG, which the
 * test reads and expects empty. Nothing may leave the machine (the playground would reach Application Insights).
 */
const net = require('node:net');
const fs = require('node:fs');
const dns = require('node:dns');

const logFile = process.env.NO_NETWORK_LOG;
const record = (what) => {
  if (logFile) fs.appendFileSync(logFile, `${what}\n`);
};
const loopback = (host) =>
  host === undefined || host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || /^::ffff:127\./.test(host);

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options =
    typeof args[0] === 'object' && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : { port: args[0], host: args[1] };
  if (!options.path && !loopback(options.host)) {
    record(`connect ${options.host}:${options.port}`);
    process.nextTick(() => this.destroy(new Error(`no-network: refused a connection to ${options.host}`)));
    return this;
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (!loopback(host)) record(`dns ${host}`);
  return lookup.call(this, host, ...rest);
};
