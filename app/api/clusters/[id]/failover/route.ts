import { takeoverRoute } from '@/lib/http/takeover-route';

/** Promote a standby over its failed upstream: fence it if it answers, promote, loss check and re-copy, resume. */
export const POST = takeoverRoute('failover');
