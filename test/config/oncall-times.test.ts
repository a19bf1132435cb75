import { parseDeployments } from '../../src/config/parse-deployments';
import { localTime, parseDigestSchedule, parseRemindAfter } from '../../src/config/oncall-times';
import { alertRouteFor } from '../../src/config/alert-routes';

function registryWithRoute(route: Record<string, unknown>) {
  return parseDeployments(
    [{ name: 'prod', apiUrl: 'https://airflow.example.com', auth: 'basic', secretId: 'airflow/prod', alertRoutes: [{ dags: 'etl_*', channel: 'C0ALERTS1', ...route }] }],
    'deployments.yaml',
  );
}

describe('remindAfter', () => {
  it.each([
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['24h', 86_400_000],
    ['1m', 60_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseRemindAfter(text)).toBe(ms);
  });

  it.each(['0m', '25h', '30', '30s', 'm', '', '1d', '-5m'])('refuses %p', (text) => {
    expect(parseRemindAfter(text)).toBeUndefined();
  });

  it('is held in milliseconds on the route', () => {
    expect(registryWithRoute({ mention: 'S0ONCALL1', remindAfter: '30m' }).deployments[0]!.alertRoutes).toEqual([
      { dags: 'etl_*', channel: 'C0ALERTS1', mention: 'S0ONCALL1', remindAfter: 1_800_000 },
    ]);
  });

  it('names the route and the field when it is wrong', () => {
    expect(() => registryWithRoute({ remindAfter: '30 minutes' })).toThrow(
      'deployments.yaml: deployment "prod" (#1): alertRoutes[0].remindAfter: must be a duration such as 30m, 2h or 1h30m, from 1m to 24h',
    );
    expect(() => registryWithRoute({ remindAfter: 30 })).toThrow('alertRoutes[0].remindAfter: must be a duration such as 30m');
  });
});

describe('digest', () => {
  it('reads a time of day and a time zone', () => {
    expect(parseDigestSchedule('09:00 Europe/Berlin')).toEqual({ hour: 9, minute: 0, timeZone: 'Europe/Berlin', text: '09:00 Europe/Berlin' });
    expect(parseDigestSchedule('23:59 utc')).toEqual({ hour: 23, minute: 59, timeZone: 'UTC', text: '23:59 UTC' });
  });

  it.each(['9:00 Europe/Berlin', '24:00 UTC', '09:60 UTC', '09:00', '09:00 Mars/Olympus', 'Europe/Berlin 09:00'])('refuses %p', (text) => {
    expect(parseDigestSchedule(text)).toBeUndefined();
  });

  it('names the route and the field when it is wrong', () => {
    expect(() => registryWithRoute({ digest: '09:00 Berlin' })).toThrow(
      'alertRoutes[0].digest: must be a time and a time zone such as "09:00 Europe/Berlin" (24-hour HH:MM, an IANA zone)',
    );
  });

  it('is on the route as a schedule', () => {
    expect(registryWithRoute({ digest: '09:00 Europe/Berlin' }).deployments[0]!.alertRoutes![0]!.digest).toEqual({
      hour: 9,
      minute: 0,
      timeZone: 'Europe/Berlin',
      text: '09:00 Europe/Berlin',
    });
  });
});

describe('localTime', () => {
  it('gives the wall-clock date and minute in the zone, daylight saving included', () => {
    // Berlin is UTC+2 in July, UTC+1 in January.
    expect(localTime(Date.UTC(2026, 6, 1, 7, 30), 'Europe/Berlin')).toEqual({ date: '2026-07-01', minuteOfDay: 9 * 60 + 30 });
    expect(localTime(Date.UTC(2026, 0, 1, 7, 30), 'Europe/Berlin')).toEqual({ date: '2026-01-01', minuteOfDay: 8 * 60 + 30 });
    expect(localTime(Date.UTC(2026, 6, 1, 23, 30), 'Europe/Berlin')).toEqual({ date: '2026-07-02', minuteOfDay: 90 });
  });
});

describe('alertRouteFor', () => {
  it('gives the first route whose glob matches, with its reminder and digest settings', () => {
    const routes = [
      { dags: 'etl_*', channel: 'C1', remindAfter: 60_000 },
      { dags: '*', channel: 'C2' },
    ];
    expect(alertRouteFor({ alertRoutes: routes }, 'etl_daily')).toBe(routes[0]);
    expect(alertRouteFor({ alertRoutes: routes }, 'report')).toBe(routes[1]);
    expect(alertRouteFor({}, 'report')).toBeUndefined();
  });
});
