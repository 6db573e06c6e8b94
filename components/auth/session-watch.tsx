'use client';
import { useEffect } from 'react';
import { useAuthStatusQuery } from '@/lib/queries/auth-status-query';
import { goToLogin } from '@/lib/queries/fetch-json';

/**
 * The proxy only sees that a session cookie exists. A page that calls no API at first (the wizard) would
 * otherwise show an expired session only when its work is sent: ask the server up front, and on focus.
 */
export function SessionWatch() {
  const status = useAuthStatusQuery();
  const isLoggedOut = status.data?.authenticated === false;
  useEffect(() => {
    if (isLoggedOut) goToLogin();
  }, [isLoggedOut]);
  return null;
}
