import { createAccessControl } from '../../src/access/access-control';
import type { DeploymentConfig, PrincipalSet } from '../../src/config/types';
import { collectingLogger } from '../audit/collecting-logger';

function deployment(access: { readers?: Partial<PrincipalSet>; actors?: Partial<PrincipalSet> }): DeploymentConfig {
  const principals = (set: Partial<PrincipalSet> | undefined): PrincipalSet | undefined =>
    set === undefined ? undefined : { users: [], userGroups: [], channels: [], ...set };
  return {
    name: 'prod',
    displayName: 'Production',
    apiUrl: 'http://127.0.0.1:1',
    uiUrl: 'http://127.0.0.1:1',
    dialect: 'v2',
    auth: 'basic',
    secretId: 'airflow/prod',
    defaultChannels: [],
    readers: principals(access.readers),
    actors: principals(access.actors),
  };
}

/** A group lookup that answers from a fixed table and counts its calls. */
function fakeGroups(table: Record<string, string[]>) {
  const calls: string[] = [];
  return {
    calls,
    listUserGroupMembers: async (groupId: string): Promise<string[]> => {
      calls.push(groupId);
      const members = table[groupId];
      if (members === undefined) throw new Error(`no_such_subteam ${groupId}`);
      return members;
    },
  };
}

describe('createAccessControl: rules', () => {
  const groups = fakeGroups({ SOPS: ['U_GROUPED'] });
  const access = createAccessControl({ listUserGroupMembers: groups.listUserGroupMembers });

  it('lets anyone read when the deployment has no readers', async () => {
    await expect(access.canRead(deployment({}), { userId: 'U_ANYONE' })).resolves.toBe(true);
  });

  it('lets nobody act when the deployment has no actors', async () => {
    const open = deployment({ readers: { users: ['U_ALICE'] } });
    await expect(access.canAct(open, { userId: 'U_ALICE', channelId: 'C_OPS' })).resolves.toBe(false);
  });

  it('lets a listed user read and refuses an unlisted one', async () => {
    const config = deployment({ readers: { users: ['U_ALICE'] } });
    await expect(access.canRead(config, { userId: 'U_ALICE' })).resolves.toBe(true);
    await expect(access.canRead(config, { userId: 'U_BOB' })).resolves.toBe(false);
  });

  it('lets a listed user act and refuses an unlisted one', async () => {
    const config = deployment({ actors: { users: ['U_ALICE'] } });
    await expect(access.canAct(config, { userId: 'U_ALICE' })).resolves.toBe(true);
    await expect(access.canAct(config, { userId: 'U_BOB' })).resolves.toBe(false);
  });

  it('lets a member of a listed user group act and refuses a non-member', async () => {
    const config = deployment({ actors: { userGroups: ['SOPS'] } });
    await expect(access.canAct(config, { userId: 'U_GROUPED' })).resolves.toBe(true);
    await expect(access.canAct(config, { userId: 'U_BOB' })).resolves.toBe(false);
  });

  it('lets a member of a listed user group read', async () => {
    const config = deployment({ readers: { userGroups: ['SOPS'] } });
    await expect(access.canRead(config, { userId: 'U_GROUPED' })).resolves.toBe(true);
    await expect(access.canRead(config, { userId: 'U_BOB' })).resolves.toBe(false);
  });

  it('lets anyone in a listed channel act, and nobody from another channel or without one', async () => {
    const config = deployment({ actors: { channels: ['C_OPS'] } });
    await expect(access.canAct(config, { userId: 'U_BOB', channelId: 'C_OPS' })).resolves.toBe(true);
    await expect(access.canAct(config, { userId: 'U_BOB', channelId: 'C_RANDOM' })).resolves.toBe(false);
    await expect(access.canAct(config, { userId: 'U_BOB' })).resolves.toBe(false);
  });

  it('lets anyone in a listed channel read', async () => {
    const config = deployment({ readers: { channels: ['C_OPS'] } });
    await expect(access.canRead(config, { userId: 'U_BOB', channelId: 'C_OPS' })).resolves.toBe(true);
    await expect(access.canRead(config, { userId: 'U_BOB', channelId: 'C_RANDOM' })).resolves.toBe(false);
  });

  it('lets an actor read even when the readers do not name them', async () => {
    const config = deployment({
      readers: { users: ['U_ALICE'] },
      actors: { users: ['U_CAROL'], userGroups: ['SOPS'], channels: ['C_OPS'] },
    });
    await expect(access.canRead(config, { userId: 'U_CAROL' })).resolves.toBe(true);
    await expect(access.canRead(config, { userId: 'U_GROUPED' })).resolves.toBe(true);
    await expect(access.canRead(config, { userId: 'U_BOB', channelId: 'C_OPS' })).resolves.toBe(true);
    await expect(access.canRead(config, { userId: 'U_BOB', channelId: 'C_RANDOM' })).resolves.toBe(false);
  });

  it('does not let a reader act', async () => {
    const config = deployment({ readers: { users: ['U_ALICE'] }, actors: { users: ['U_CAROL'] } });
    await expect(access.canAct(config, { userId: 'U_ALICE' })).resolves.toBe(false);
  });

  it('refuses everyone when the principal lists are empty', async () => {
    const config = deployment({ readers: {}, actors: {} });
    await expect(access.canRead(config, { userId: 'U_ALICE', channelId: 'C_OPS' })).resolves.toBe(false);
    await expect(access.canAct(config, { userId: 'U_ALICE', channelId: 'C_OPS' })).resolves.toBe(false);
  });

  it('does not look up groups when the user id or channel already matches', async () => {
    const counted = fakeGroups({ SOPS: ['U_GROUPED'] });
    const fresh = createAccessControl({ listUserGroupMembers: counted.listUserGroupMembers });
    const config = deployment({ actors: { users: ['U_ALICE'], userGroups: ['SOPS'], channels: ['C_OPS'] } });
    await expect(fresh.canAct(config, { userId: 'U_ALICE' })).resolves.toBe(true);
    await expect(fresh.canAct(config, { userId: 'U_BOB', channelId: 'C_OPS' })).resolves.toBe(true);
    expect(counted.calls).toEqual([]);
  });
});

describe('createAccessControl: group cache', () => {
  const config = deployment({ actors: { userGroups: ['SOPS'] } });

  it('makes one lookup for 30 concurrent checks of the same group', async () => {
    const groups = fakeGroups({ SOPS: ['U_GROUPED'] });
    const access = createAccessControl({ listUserGroupMembers: groups.listUserGroupMembers });
    const users = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 'U_GROUPED' : `U_OTHER${i}`));
    const answers = await Promise.all(users.map((userId) => access.canAct(config, { userId })));
    expect(groups.calls).toEqual(['SOPS']);
    expect(answers).toEqual(users.map((userId) => userId === 'U_GROUPED'));
  });

  it('reuses the member list within the TTL and looks it up again after', async () => {
    let now = 1_000_000;
    const table: Record<string, string[]> = { SOPS: ['U_GROUPED'] };
    const groups = fakeGroups(table);
    const access = createAccessControl({ listUserGroupMembers: groups.listUserGroupMembers, clock: () => now, ttlMs: 60_000 });

    await expect(access.canAct(config, { userId: 'U_NEW' })).resolves.toBe(false);
    table.SOPS = ['U_GROUPED', 'U_NEW'];
    now += 59_999;
    await expect(access.canAct(config, { userId: 'U_NEW' })).resolves.toBe(false);
    expect(groups.calls).toEqual(['SOPS']);

    now += 1;
    await expect(access.canAct(config, { userId: 'U_NEW' })).resolves.toBe(true);
    expect(groups.calls).toEqual(['SOPS', 'SOPS']);
  });

  it('keeps member lists for five minutes by default', async () => {
    let now = 0;
    const groups = fakeGroups({ SOPS: ['U_GROUPED'] });
    const access = createAccessControl({ listUserGroupMembers: groups.listUserGroupMembers, clock: () => now });
    await access.canAct(config, { userId: 'U_GROUPED' });
    now = 5 * 60 * 1000 - 1;
    await access.canAct(config, { userId: 'U_GROUPED' });
    expect(groups.calls).toEqual(['SOPS']);
    now = 5 * 60 * 1000;
    await access.canAct(config, { userId: 'U_GROUPED' });
    expect(groups.calls).toEqual(['SOPS', 'SOPS']);
  });

  it('treats a failed lookup as not a member, does not cache it, and logs it without secrets', async () => {
    let failing = true;
    const calls: string[] = [];
    const { lines, logger } = collectingLogger();
    const access = createAccessControl({
      logger,
      listUserGroupMembers: async (groupId) => {
        calls.push(groupId);
        if (failing) {
          const error = new Error('An API error occurred: ratelimited') as Error & { code: string; request?: unknown };
          error.code = 'slack_webapi_platform_error';
          error.request = { headers: { Authorization: 'Bearer xoxb-secret' } };
          throw error;
        }
        return ['U_GROUPED'];
      },
    });

    const concurrent = await Promise.all([
      access.canAct(config, { userId: 'U_GROUPED' }),
      access.canAct(config, { userId: 'U_GROUPED' }),
    ]);
    expect(concurrent).toEqual([false, false]);
    expect(calls).toEqual(['SOPS']);

    failing = false;
    await expect(access.canAct(config, { userId: 'U_GROUPED' })).resolves.toBe(true);
    expect(calls).toEqual(['SOPS', 'SOPS']);

    expect(lines).toHaveLength(1);
    const { time, ...line } = lines[0] as Record<string, unknown>;
    expect(typeof time).toBe('string');
    expect(line).toEqual({
      level: 'warn',
      service: 'airflow-slack-ops',
      userGroup: 'SOPS',
      reason: 'Error (slack_webapi_platform_error): An API error occurred: ratelimited',
      msg: 'could not list user group members',
    });
    expect(JSON.stringify(lines)).not.toContain('xoxb');
  });

  it('still matches through another group when one group lookup fails', async () => {
    const groups = fakeGroups({ SDATA: ['U_GROUPED'] });
    const { logger, lines } = collectingLogger();
    const access = createAccessControl({ listUserGroupMembers: groups.listUserGroupMembers, logger });
    const twoGroups = deployment({ actors: { userGroups: ['SMISSING', 'SDATA'] } });
    await expect(access.canAct(twoGroups, { userId: 'U_GROUPED' })).resolves.toBe(true);
    expect(groups.calls).toEqual(['SMISSING', 'SDATA']);
    expect(lines.map((line) => line.userGroup)).toEqual(['SMISSING']);
  });
});

describe('createAccessControl: channels and workspaces', () => {
  const served = createAccessControl({ listUserGroupMembers: async () => [], teamIds: ['T_HOME'] });
  const viaChannel = deployment({ readers: { channels: ['C_OPS'] }, actors: { channels: ['C_OPS'] } });

  it('grants a channel its permissions for requests from a served workspace', async () => {
    await expect(served.canAct(viaChannel, { userId: 'U_ANY', teamId: 'T_HOME', channelId: 'C_OPS' })).resolves.toBe(true);
    await expect(served.canRead(viaChannel, { userId: 'U_ANY', teamId: 'T_HOME', channelId: 'C_OPS' })).resolves.toBe(true);
  });

  it('does not grant a shared channel its permissions to a request from another workspace', async () => {
    await expect(served.canAct(viaChannel, { userId: 'U_ANY', teamId: 'T_OTHER', channelId: 'C_OPS' })).resolves.toBe(false);
    await expect(served.canRead(viaChannel, { userId: 'U_ANY', teamId: 'T_OTHER', channelId: 'C_OPS' })).resolves.toBe(false);
  });

  it('does not grant a channel its permissions to a request naming no workspace when workspaces are configured', async () => {
    await expect(served.canAct(viaChannel, { userId: 'U_ANY', channelId: 'C_OPS' })).resolves.toBe(false);
  });

  it('still lets a listed user act from another workspace: the user id is what is listed', async () => {
    const byUser = deployment({ actors: { users: ['U_ALICE'] } });
    await expect(served.canAct(byUser, { userId: 'U_ALICE', teamId: 'T_OTHER' })).resolves.toBe(true);
  });

  it('grants a channel its permissions in every served workspace, not only the first', async () => {
    const two = createAccessControl({ listUserGroupMembers: async () => [], teamIds: ['T_HOME', 'T_SECOND'] });
    await expect(two.canAct(viaChannel, { userId: 'U_ANY', teamId: 'T_SECOND', channelId: 'C_OPS' })).resolves.toBe(true);
  });

  it('grants channels for any workspace when none is configured (local runs)', async () => {
    const open = createAccessControl({ listUserGroupMembers: async () => [] });
    await expect(open.canAct(viaChannel, { userId: 'U_ANY', teamId: 'T_OTHER', channelId: 'C_OPS' })).resolves.toBe(true);
    await expect(open.canAct(viaChannel, { userId: 'U_ANY', channelId: 'C_ELSEWHERE' })).resolves.toBe(false);
  });
});

describe('createAccessControl: failed group lookups', () => {
  it.each([
    ['an error with a code', Object.assign(new Error('not allowed'), { code: 'slack_webapi_platform_error' }), 'Error (slack_webapi_platform_error): not allowed'],
    ['an error without a code', new TypeError('fetch failed'), 'TypeError: fetch failed'],
    ['an error whose code is not text', Object.assign(new Error('odd'), { code: 42 }), 'Error: odd'],
    ['a string', 'ratelimited', 'ratelimited'],
    ['anything else', { status: 500 }, 'unknown error'],
  ])('refuses and logs the reason for %s', async (_what, thrown, reason) => {
    const { logger, lines } = collectingLogger();
    const access = createAccessControl({
      listUserGroupMembers: async () => {
        throw thrown;
      },
      logger,
    });
    await expect(access.canAct(deployment({ actors: { userGroups: ['SOPS'] } }), { userId: 'U_ANY' })).resolves.toBe(false);
    expect(lines).toEqual([expect.objectContaining({ msg: 'could not list user group members', userGroup: 'SOPS', reason })]);
  });
});
