import { describe, expect, it } from 'vitest';
import { allowedHosts, hostAllowed, originAllowed, parseHost } from './allowed-hosts';

describe('allowed hosts', () => {
  const defaults = allowedHosts({});

  it('answers to the loopback names on any port and nothing else by default', () => {
    for (const h of ['127.0.0.1:3000', 'localhost', 'LOCALHOST:80', '[::1]:3000']) expect(hostAllowed(h, defaults)).toBe(true);
    for (const h of ['evil.example', 'evil.example:3000', '127.0.0.1.evil.example', '10.0.0.5:3000', '', 'a b', '[::1']) expect(hostAllowed(h, defaults)).toBe(false);
    expect(hostAllowed(null, defaults)).toBe(false);
  });

  it('adds the bind address and the configured names, or every name with *', () => {
    const set = allowedHosts({ HOST: '10.0.0.5', PGCASCADE_ALLOWED_HOSTS: 'panel.lan, Other.Example:8443' });
    expect(hostAllowed('10.0.0.5:3000', set)).toBe(true);
    expect(hostAllowed('panel.lan', set)).toBe(true);
    expect(hostAllowed('other.example:3000', set)).toBe(true);
    expect(hostAllowed('evil.example', set)).toBe(false);
    expect(hostAllowed('10.0.0.6', allowedHosts({ HOST: '0.0.0.0' }))).toBe(false);
    expect(hostAllowed('anything.example', allowedHosts({ PGCASCADE_ALLOWED_HOSTS: '*' }))).toBe(true);
  });

  it('parses IPv6 and ports', () => {
    expect(parseHost('[::1]:3000')).toEqual({ name: '[::1]', port: '3000' });
    expect(parseHost('example.com')).toEqual({ name: 'example.com', port: '' });
  });

  it('takes a browser write only from a page of the panel itself, not from whatever Host the request names', () => {
    expect(originAllowed(null, '127.0.0.1:3000', defaults)).toBe(true);
    expect(originAllowed('http://127.0.0.1:3000', '127.0.0.1:3000', defaults)).toBe(true);
    expect(originAllowed('http://localhost:3000', '127.0.0.1:3000', defaults)).toBe(true);
    // A rebinding page sends Host and Origin both as its own name: the name is not allowed.
    expect(originAllowed('http://evil.example:3000', 'evil.example:3000', defaults)).toBe(false);
    // Another app on the same machine, other port.
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:3000', defaults)).toBe(false);
    expect(originAllowed('null', '127.0.0.1:3000', defaults)).toBe(false);
    expect(originAllowed('http://localhost', 'localhost:80', defaults)).toBe(true);
  });
});
