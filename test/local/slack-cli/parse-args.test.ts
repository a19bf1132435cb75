import { CliUsageError, parseCliArgs } from '../../../local/slack-cli/parse-args';

describe('parseCliArgs', () => {
  it('reads a slash command line with the default wait', () => {
    expect(parseCliArgs(['/airflow ti demo-v2 etl_daily latest transform'])).toEqual({
      kind: 'command',
      commandLine: '/airflow ti demo-v2 etl_daily latest transform',
      waitSeconds: 15,
      json: false,
    });
  });

  it('joins unquoted words into one command line', () => {
    expect(parseCliArgs(['/airflow', 'runs', 'demo-v1', 'etl_daily'])).toMatchObject({ commandLine: '/airflow runs demo-v1 etl_daily' });
  });

  it('reads --click, --wait and --json in either spelling', () => {
    expect(parseCliArgs(['--click', 'Mark success', '--wait=30', '--json'])).toEqual({
      kind: 'click',
      button: 'Mark success',
      waitSeconds: 30,
      json: true,
    });
  });

  it('reads --submit', () => {
    expect(parseCliArgs(['--submit', 'Re-ran after the fix'])).toEqual({ kind: 'submit', text: 'Re-ran after the fix', waitSeconds: 15, json: false });
  });

  it('reads --submit alone, before another option or at the end, as a submission of what was picked', () => {
    expect(parseCliArgs(['--submit'])).toEqual({ kind: 'submit', text: '', waitSeconds: 15, json: false });
    expect(parseCliArgs(['--submit', '--wait', '5'])).toEqual({ kind: 'submit', text: '', waitSeconds: 5, json: false });
  });

  it('reads --suggest and --select with a menu and a text each', () => {
    expect(parseCliArgs(['--suggest', 'DAG', 'etl'])).toEqual({ kind: 'suggest', field: 'DAG', typed: 'etl', waitSeconds: 15, json: false });
    expect(parseCliArgs(['--suggest', 'Run', ''])).toEqual({ kind: 'suggest', field: 'Run', typed: '', waitSeconds: 15, json: false });
    expect(parseCliArgs(['--select', 'What to do', 'Show the card', '--user', 'ULOCAL0002'])).toEqual({
      kind: 'select',
      field: 'What to do',
      option: 'Show the card',
      waitSeconds: 15,
      json: false,
      user: 'ULOCAL0002',
    });
  });

  it('reads --message with --click, and --user with anything', () => {
    expect(parseCliArgs(['--message', 'latest', '--click', 'Acknowledge'])).toEqual({
      kind: 'click',
      button: 'Acknowledge',
      message: 'latest',
      waitSeconds: 15,
      json: false,
    });
    expect(parseCliArgs(['--message=1767225600.000100', '--click', 'Snooze 1 hour', '--user', 'ULOCAL0002'])).toMatchObject({
      message: '1767225600.000100',
      user: 'ULOCAL0002',
    });
    expect(parseCliArgs(['/airflow digest', '--user=ULOCAL0002'])).toMatchObject({ kind: 'command', user: 'ULOCAL0002' });
  });

  it('reads --paste with its link and --home, with the usual settings', () => {
    expect(parseCliArgs(['--paste', 'http://127.0.0.1:8082/dags/etl_daily/runs/r1/tasks/transform'])).toEqual({
      kind: 'paste',
      url: 'http://127.0.0.1:8082/dags/etl_daily/runs/r1/tasks/transform',
      waitSeconds: 15,
      json: false,
    });
    expect(parseCliArgs(['--home', '--user', 'ULOCAL0002', '--wait', '5'])).toEqual({ kind: 'home', waitSeconds: 5, json: false, user: 'ULOCAL0002' });
  });

  it('asks for help with --help, -h or nothing at all', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseCliArgs([])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--frobnicate'], 'Unknown option --frobnicate. See --help.'],
    [['--click'], '--click needs a value.'],
    [['--click', ' '], '--click needs a button label or number.'],
    [['--paste', 'etl_daily'], '--paste takes one http(s) link, such as an Airflow UI link to a task instance, not "etl_daily".'],
    [['--paste', 'https://a.example/x https://b.example/y'], '--paste takes one http(s) link, such as an Airflow UI link to a task instance, not "https://a.example/x https://b.example/y".'],
    [['--paste'], '--paste needs a value.'],
    [['--home', '--paste', 'https://a.example/x'], 'Send one thing at a time: a slash command, --click, --suggest, --select, --submit, --paste or --home.'],
    [['/airflow help', '--click', '1'], 'Send one thing at a time: a slash command, --click, --suggest, --select, --submit, --paste or --home.'],
    [['--suggest', 'DAG', 'etl', '--select', 'DAG', 'etl_daily'], 'Send one thing at a time: a slash command, --click, --suggest, --select, --submit, --paste or --home.'],
    [['--suggest', 'DAG'], '--suggest needs a value.'],
    [['--select'], '--select needs a value.'],
    [['--message', 'latest'], '--message picks the message to --click on; add --click "<label>".'],
    [['--message', ' ', '--click', 'Acknowledge'], '--message takes a message ts (such as 1767225600.000100), latest, or words of the message.'],
    [['/airflow help', '--user', 'bob'], '--user takes a Slack user id (such as ULOCAL0002), not "bob".'],
    [['/airflow help', '--wait', '0'], '--wait must be a number of seconds above 0 and at most 600, not "0".'],
    [['/airflow help', '--wait', 'soon'], '--wait must be a number of seconds above 0 and at most 600, not "soon".'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(new CliUsageError(message));
  });
});
