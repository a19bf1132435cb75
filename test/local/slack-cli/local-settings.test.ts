import { localPorts, localUrls } from '../../../local/local-settings';

describe('localPorts', () => {
  it('uses 3000, 3001, 8081 and 8082 when nothing is set', () => {
    expect(localPorts({})).toEqual({ bot: 3000, slackStandIn: 3001, demoAirflowV1: 8081, demoAirflowV2: 8082 });
  });

  it('takes each port from its environment variable, treating an empty one as unset', () => {
    expect(
      localPorts({ PORT: '4000', SLACK_STAND_IN_PORT: ' 4001 ', DEMO_AIRFLOW_V1_PORT: '', DEMO_AIRFLOW_V2_PORT: '9092' }),
    ).toEqual({ bot: 4000, slackStandIn: 4001, demoAirflowV1: 8081, demoAirflowV2: 9092 });
  });

  it.each(['0', '65536', 'abc', '30.5', '-1'])('refuses %s as a port, naming the variable', (value) => {
    expect(() => localPorts({ SLACK_STAND_IN_PORT: value })).toThrow(
      `SLACK_STAND_IN_PORT must be a port number from 1 to 65535, not "${value}".`,
    );
  });
});

describe('localUrls', () => {
  it('points at loopback: the bot route, the stand-in and its Web API', () => {
    expect(localUrls(localPorts({}))).toEqual({
      slackEvents: 'http://127.0.0.1:3000/slack/events',
      slackStandIn: 'http://127.0.0.1:3001/',
      slackApi: 'http://127.0.0.1:3001/api/',
    });
  });
});
