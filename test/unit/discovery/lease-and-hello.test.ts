import { describe, expect, it } from 'vitest';
import { effectiveStatus, isExpired, itemFromRegistration, leasePolicyFromEnv } from '../../../handlers/catalog/entry.js';
import { handler as hello } from '../../../handlers/hello/hello.js';

describe('lease rules', () => {
  it('reads the lease from the environment, defaulting to three one-minute periods', () => {
    expect(leasePolicyFromEnv({})).toEqual({ leaseSeconds: 180, purgeAfterSeconds: 3600 });
    expect(leasePolicyFromEnv({ LEASE_SECONDS: '5', PURGE_AFTER_SECONDS: '60' })).toEqual({ leaseSeconds: 5, purgeAfterSeconds: 60 });
    expect(leasePolicyFromEnv({ LEASE_SECONDS: 'soon', PURGE_AFTER_SECONDS: '-1' })).toEqual({ leaseSeconds: 180, purgeAfterSeconds: 3600 });
  });

  it('expires an entry at the end of its lease; the TTL attribute comes later', () => {
    const item = itemFromRegistration(
      { service_name: 's', service_version: '1', endpoint_url: 'u', ttl: 30, status: 'healthy' },
      1_000_500, { leaseSeconds: 10, purgeAfterSeconds: 100 },
    );
    expect(item).toMatchObject({ registered_at: 1000, lease_expires_at: 1010, purge_at: 1110 });
    expect(isExpired(item, 1_009_999)).toBe(false);
    expect(effectiveStatus(item, 1_009_999)).toBe('healthy');
    expect(isExpired(item, 1_010_000)).toBe(true);
    expect(effectiveStatus(item, 1_010_000)).toBe('expired');
    expect(isExpired({ lease_expires_at: undefined as unknown as number }, 9e15)).toBe(false); // entries from before leases
  });
});

describe('hello world', () => {
  it('answers the greeting', async () => {
    expect(await hello()).toEqual({ message: 'Hello World' });
  });
});
