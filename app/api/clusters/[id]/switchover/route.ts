import { takeoverRoute } from '@/lib/http/takeover-route';

/** Hand the upstream's role to its standby without loss: wait until the standby has replayed everything, then switch. */
export const POST = takeoverRoute('switchover');
