import type { AlertDoc } from '../../src/alerts/alert-state';
import { acknowledgersAfter, applyObservation, type AlertInit, type Observation } from '../../src/alerts/alert-transitions';

const INIT: AlertInit = { key: { deployment: 'prod', dagId: 'etl', runId: 'r1' }, channel: 'C1', deploymentDisplay: 'Production' };
const FAILED: Observation = {
  kind: 'task',
  ti: { taskId: 'load', mapIndex: -1, state: 'failed', tryNumber: 1, maxTries: 1, operator: null, startDate: null, endDate: null },
  uiUrl: 'https://airflow.example.com/ti',
};

function alert(): AlertDoc {
  const doc = applyObservation(undefined, FAILED, 1_000, () => INIT);
  if (doc === undefined) throw new Error('no alert');
  return { ...doc, lines: [] };
}

/** Applies each observation in turn, keeping the document when one changes nothing. */
function fold(doc: AlertDoc, observations: Observation[], at = 2_000): AlertDoc {
  return observations.reduce((current, observation, i) => applyObservation(current, observation, at + i, () => INIT) ?? current, doc);
}

describe('acknowledgements on an alert', () => {
  it('keeps every acknowledger in the order they acknowledged, with when, and a thread line each', () => {
    const doc = fold(alert(), [
      { kind: 'acknowledged', userId: 'UA1' },
      { kind: 'acknowledged', userId: 'UA2' },
    ]);

    expect(doc.acknowledgements).toEqual([
      { userId: 'UA1', at: 2_000 },
      { userId: 'UA2', at: 2_001 },
    ]);
    expect(doc.lines.map((line) => line.text)).toEqual(['👀 Acknowledged by <@UA1>.', '👀 Acknowledged by <@UA2>.']);
  });

  it('changes nothing when a user acknowledges again, or takes back what is not there', () => {
    const doc = fold(alert(), [{ kind: 'acknowledged', userId: 'UA1' }]);

    expect(applyObservation(doc, { kind: 'acknowledged', userId: 'UA1' }, 3_000, () => INIT)).toBeUndefined();
    expect(applyObservation(doc, { kind: 'unacknowledged', userId: 'UA2', by: 'UA2' }, 3_000, () => INIT)).toBeUndefined();
  });

  it('takes back an acknowledgement, naming who took back whose', () => {
    const doc = fold(alert(), [
      { kind: 'acknowledged', userId: 'UA1' },
      { kind: 'acknowledged', userId: 'UA2' },
      { kind: 'acknowledged', userId: 'UA3' },
      { kind: 'unacknowledged', userId: 'UA2', by: 'UA2' },
      { kind: 'unacknowledged', userId: 'UA3', by: 'UACTOR' },
    ]);

    expect(doc.acknowledgements?.map((ack) => ack.userId)).toEqual(['UA1']);
    expect(doc.lines.slice(-2).map((line) => line.text)).toEqual(['<@UA2> took back their acknowledgement.', "<@UACTOR> took back <@UA3>'s acknowledgement."]);
  });

  it('does not start an alert: an acknowledgement of a run with none changes nothing', () => {
    expect(applyObservation(undefined, { kind: 'acknowledged', userId: 'UA1' }, 1_000, () => INIT)).toBeUndefined();
  });

  it('tells who has acknowledged, counting what is still in the inbox', () => {
    const doc = fold(alert(), [
      { kind: 'acknowledged', userId: 'UA1' },
      { kind: 'acknowledged', userId: 'UA2' },
    ]);

    expect(
      acknowledgersAfter(doc, [
        { kind: 'acknowledged', userId: 'UA3' },
        { kind: 'unacknowledged', userId: 'UA1', by: 'UA1' },
        { kind: 'acknowledged', userId: 'UA2' },
      ]),
    ).toEqual(['UA2', 'UA3']);
    expect(acknowledgersAfter(undefined, [])).toEqual([]);
  });
});
