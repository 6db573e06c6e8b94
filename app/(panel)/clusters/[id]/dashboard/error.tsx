'use client';
import { RouteError } from '@/components/route-error';

export default RouteError;
