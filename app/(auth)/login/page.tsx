import type { Metadata } from 'next';
import { LoginView } from '@/components/auth/login-view';
import { safeNextPath } from '@/lib/queries/auth.utils';

export const metadata: Metadata = { title: 'Log in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  return <LoginView next={safeNextPath(typeof next === 'string' ? next : undefined)} />;
}
