import { describe, expect, it } from 'vitest';
import { loginPageFor, loginRedirect, safeNextPath } from './auth.utils';

describe('safeNextPath', () => {
  it('keeps a same-site path with its query', () => {
    expect(safeNextPath('/clusters/new')).toBe('/clusters/new');
    expect(safeNextPath('/clusters/new?example=four-node')).toBe('/clusters/new?example=four-node');
  });
  it('falls back to / for anything that could leave the panel', () => {
    for (const next of [
      null,
      undefined,
      '',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '/\t/evil.example',
      'javascript:alert(1)',
      'clusters',
    ])
      expect(safeNextPath(next)).toBe('/');
  });
  it('never goes back to the login page', () => {
    expect(safeNextPath('/login')).toBe('/');
    expect(safeNextPath('/login?next=/x')).toBe('/');
  });
});

describe('loginRedirect', () => {
  it('sends the browser to the login page with the current page as next', () => {
    expect(loginRedirect('/api/clusters', { pathname: '/clusters/new', search: '?example=four-node' })).toBe(
      '/login?next=%2Fclusters%2Fnew%3Fexample%3Dfour-node',
    );
    expect(loginRedirect('/api/clusters', { pathname: '/', search: '' })).toBe('/login');
  });
  it('does nothing for the auth endpoints or on the login page', () => {
    expect(loginRedirect('/api/auth/login', { pathname: '/login', search: '' })).toBeNull();
    expect(loginRedirect('/api/auth/status', { pathname: '/settings', search: '' })).toBeNull();
    expect(loginRedirect('/api/clusters', { pathname: '/login', search: '?next=/x' })).toBeNull();
  });
});

describe('loginPageFor', () => {
  it('comes back to the page, query included, and never loops on the login page', () => {
    expect(loginPageFor({ pathname: '/jobs/1', search: '?a=b' })).toBe('/login?next=%2Fjobs%2F1%3Fa%3Db');
    expect(loginPageFor({ pathname: '/login', search: '' })).toBeNull();
  });
});
