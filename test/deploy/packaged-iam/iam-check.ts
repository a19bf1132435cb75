import type { PackagedFunction, Statement } from './packaged-template';

/** One AWS call a function made (or Lambda made with its role), as IAM evaluates it. */
export interface RecordedCall {
  /** The calling function's key (`worker`). */
  caller: string;
  /** `dynamodb:PutItem` */
  action: string;
  /** The ARN IAM checks the action against. */
  resource: string;
}

/** A call its role does not allow. */
export interface DeniedCall extends RecordedCall {
  role: string;
  /** `explicit` when a `Deny` statement matched, `implicit` when no `Allow` did. */
  denial: 'explicit' | 'implicit';
}

/** An action on a resource pattern that a role grants and no call used. */
export interface UnusedGrant {
  role: string;
  action: string;
  resource: string;
}

export interface IamCheck {
  denied: DeniedCall[];
  unused: UnusedGrant[];
}

/**
 * IAM's wildcards: `*` any run of characters, `?` any one character; everything else literal.
 * Actions compare case-insensitively, resources case-sensitively (as IAM does).
 */
export function wildcardMatches(pattern: string, value: string, options: { ignoreCase?: boolean } = {}): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, options.ignoreCase === true ? 'i' : '').test(value);
}

function matchesAction(statement: Statement, action: string): boolean {
  if (statement.NotAction !== undefined) return !statement.NotAction.some((pattern) => wildcardMatches(pattern, action, { ignoreCase: true }));
  return statement.Action.some((pattern) => wildcardMatches(pattern, action, { ignoreCase: true }));
}

function matchesResource(statement: Statement, resource: string): boolean {
  return statement.Resource.some((pattern) => wildcardMatches(pattern, resource));
}

/**
 * How IAM decides one call of an identity policy: an explicit `Deny` wins, then any `Allow` whose
 * action and resource match; otherwise the call is implicitly denied.
 */
export function evaluate(statements: readonly Statement[], action: string, resource: string): 'allowed' | 'explicit' | 'implicit' {
  const matching = statements.filter((statement) => matchesAction(statement, action) && matchesResource(statement, resource));
  if (matching.some((statement) => statement.Effect === 'Deny')) return 'explicit';
  return matching.some((statement) => statement.Effect === 'Allow') ? 'allowed' : 'implicit';
}

/**
 * Checks every call against its caller's role, and lists each (action, resource pattern) of each
 * role's `Allow` statements that no call of a function with that role used.
 */
export function checkCalls(functions: readonly PackagedFunction[], calls: readonly RecordedCall[]): IamCheck {
  const byKey = new Map(functions.map((fn) => [fn.key, fn]));
  const denied: DeniedCall[] = [];
  for (const call of calls) {
    const fn = byKey.get(call.caller);
    if (fn === undefined) throw new Error(`A call from ${call.caller}, which is not a function of the template`);
    const outcome = evaluate(fn.statements, call.action, call.resource);
    if (outcome !== 'allowed') denied.push({ ...call, role: fn.role, denial: outcome });
  }

  const unused: UnusedGrant[] = [];
  const roles = new Map<string, PackagedFunction[]>();
  for (const fn of functions) roles.set(fn.role, [...(roles.get(fn.role) ?? []), fn]);
  for (const [role, members] of roles) {
    const keys = new Set(members.map((fn) => fn.key));
    const roleCalls = calls.filter((call) => keys.has(call.caller));
    for (const statement of members[0]!.statements.filter((s) => s.Effect === 'Allow')) {
      for (const action of statement.Action) {
        for (const resource of statement.Resource) {
          const used = roleCalls.some(
            (call) => wildcardMatches(action, call.action, { ignoreCase: true }) && wildcardMatches(resource, call.resource),
          );
          if (!used) unused.push({ role, action, resource });
        }
      }
    }
  }
  return { denied, unused };
}

/** One line per denied call, naming the function, its role, the action and the resource. */
export function describeDenied(denied: readonly DeniedCall[]): string[] {
  return [...new Set(denied.map((call) => `${call.caller} (${call.role}): ${call.action} on ${call.resource} is not allowed (${call.denial} deny)`))];
}
