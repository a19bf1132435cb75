import { actionOutcome, actionScope, actionTitle, isDestructive, newStateText } from '../../src/views/action-words';

const clear = { kind: 'clear', includeUpstream: false, includeDownstream: true } as const;
const fail = { kind: 'set_state', newState: 'failed', includeUpstream: true, includeDownstream: true } as const;
const succeed = { kind: 'set_state', newState: 'success', includeUpstream: false, includeDownstream: false } as const;

describe('action words', () => {
  it('names actions the same way everywhere', () => {
    expect([actionTitle(clear), actionTitle(fail), actionTitle(succeed)]).toEqual(['Clear', 'Mark failed', 'Mark success']);
    expect([actionOutcome(clear, 1), actionOutcome(fail, 2)]).toEqual(['cleared 1 task instance', 'marked 2 task instances failed']);
    expect([newStateText(clear), newStateText(succeed)]).toEqual(['cleared (runs again)', 'success']);
    expect([actionScope(clear), actionScope(fail), actionScope(succeed)]).toEqual([
      ' (with downstream)',
      ' (with upstream and downstream)',
      '',
    ]);
  });

  it('treats failing and clearing as destructive', () => {
    expect([isDestructive(clear), isDestructive(fail), isDestructive(succeed)]).toEqual([true, true, false]);
  });
});
