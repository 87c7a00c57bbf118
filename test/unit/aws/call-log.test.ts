// Depth of the critical path: sequential calls add up, parallel branches do not.
import { describe, expect, it } from 'vitest';
import { CallLog, inBranch, isReadOperation, parallel, withChain } from '../../../src/aws/call-log.js';

const call = (log: CallLog, op: string) => log.track(op, undefined, async () => op);

describe('CallLog', () => {
  it('counts a chain of dependent calls, not the calls made side by side', async () => {
    const log = new CallLog();
    await withChain(async () => {
      await parallel([() => call(log, 'iam:GetRole'), () => call(log, 'lambda:GetFunction'), () => call(log, 'sts:GetCallerIdentity')]);
      await parallel<unknown>([
        async () => { await call(log, 'iam:CreateRole'); await call(log, 'lambda:CreateFunction'); },
        () => call(log, 'apigateway:ImportRestApi'),
      ]);
    });
    expect(log.calls).toHaveLength(6);
    expect(log.criticalPathDepth()).toBe(3);
    expect(log.writes().map((c) => c.operation).sort()).toEqual(['apigateway:ImportRestApi', 'iam:CreateRole', 'lambda:CreateFunction']);
  });

  it('keeps measuring a chain while another one starts and ends beside it', async () => {
    // The storage is disabled whenever no chain runs; one ending must not end another's context.
    const [first, second] = [new CallLog(), new CallLog()];
    let release!: () => void;
    const waiting = new Promise<void>((resolve) => (release = resolve));
    const running = withChain(async () => {
      await call(first, 'iam:CreateRole');
      await waiting;
      await call(first, 'lambda:CreateFunction');
    });
    await withChain(async () => {
      await call(second, 'iam:GetRole');
    });
    release();
    await running;
    expect(first.criticalPathDepth()).toBe(2);
    expect(second.criticalPathDepth()).toBe(1);
  });

  it('starts a branch at the depth of what it waited for', async () => {
    const log = new CallLog();
    const { depth } = await withChain(() => inBranch(4, () => call(log, 'lambda:AddPermission')));
    expect(depth).toBe(5);
    expect(isReadOperation('dynamodb:DescribeTable')).toBe(true);
    expect(isReadOperation('lambda:PublishVersion')).toBe(false);
  });
});
