import type { AccessControl } from '../../src/access/access-control';
import { mayChange } from '../../src/changes/permissions';
import type { DeploymentConfig } from '../../src/config/types';

const DEPLOYMENT = { name: 'prod', displayName: 'Production', sourceActions: { 'dq-monitor': ['read', 'note', 'mark', 'clear'] } } as unknown as DeploymentConfig;

/** Readers: U_READER and U_ACTOR; actors: U_ACTOR. */
const access: AccessControl = {
  canRead: async (_deployment, who) => who.userId === 'U_READER' || who.userId === 'U_ACTOR',
  canAct: async (_deployment, who) => who.userId === 'U_ACTOR',
};
const slack = (userId: string) => ({ kind: 'slack' as const, userId });

describe('who may acknowledge an alert', () => {
  it('lets any reader acknowledge, and nobody else', async () => {
    expect(await mayChange(access, slack('U_READER'), DEPLOYMENT, { kind: 'acknowledge' })).toBe(true);
    expect(await mayChange(access, slack('U_STRANGER'), DEPLOYMENT, { kind: 'acknowledge' })).toBe(false);
  });

  it("lets the acknowledger take back their own, and an actor anyone's", async () => {
    expect(await mayChange(access, slack('U_READER'), DEPLOYMENT, { kind: 'unacknowledge', userId: 'U_READER' })).toBe(true);
    expect(await mayChange(access, slack('U_READER'), DEPLOYMENT, { kind: 'unacknowledge', userId: 'U_OTHER' })).toBe(false);
    expect(await mayChange(access, slack('U_ACTOR'), DEPLOYMENT, { kind: 'unacknowledge', userId: 'U_READER' })).toBe(true);
  });

  it('never lets a webhook source acknowledge, whatever its actions', async () => {
    expect(await mayChange(access, { kind: 'source', name: 'dq-monitor' }, DEPLOYMENT, { kind: 'acknowledge' })).toBe(false);
    expect(await mayChange(access, { kind: 'source', name: 'dq-monitor' }, DEPLOYMENT, { kind: 'unacknowledge', userId: 'U_READER' })).toBe(false);
  });
});
