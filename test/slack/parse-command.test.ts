import { COMMAND_FORMS, COMMAND_NAMES, formatUsage } from '../../src/slack/command-forms';
import type { ParseResult } from '../../src/protocol/command';
import { parseCommand, type ParseContext } from '../../src/slack/parse-command';

// Frozen, so a parser that changed its context would throw.
const context: ParseContext = Object.freeze({
  deployments: Object.freeze(['prod', 'staging']),
  uiLinks: Object.freeze([
    Object.freeze({ deployment: 'prod', uiUrl: 'https://airflow.example.com' }),
    Object.freeze({ deployment: 'staging', uiUrl: 'https://tools.example.com/airflow/' }),
  ]),
});

const parse = (text: string): ParseResult => parseCommand(text, context);

/** The first line of a usage message: what was wrong. */
function problemOf(result: ParseResult): string {
  if (result.name !== 'usage') throw new Error(`expected a usage reply, got ${JSON.stringify(result)}`);
  return result.message.split('\n')[0];
}

const latest = { kind: 'latest' } as const;

describe('parseCommand', () => {
  describe('help and deployments', () => {
    it('reads empty text and blank text as help', () => {
      expect(parse('')).toEqual({ name: 'help', share: false });
      expect(parse('   \u00a0 ')).toEqual({ name: 'help', share: false });
    });

    it('reads help, ignoring case and anything after it', () => {
      expect(parse('HELP ti')).toEqual({ name: 'help', share: false });
    });

    it('reads deployments', () => {
      expect(parse('deployments')).toEqual({ name: 'deployments', share: false });
    });

    it('refuses words after deployments', () => {
      const result = parse('deployments prod');
      expect(result).toEqual({
        name: 'usage',
        subcommand: 'deployments',
        message: '`deployments` takes no words, but got `prod`.\nUsage: `/airflow deployments`  e.g. `/airflow deployments`',
      });
    });

    it('lists the subcommands for an unknown subcommand, with the configured slash command', () => {
      expect(parseCommand('restart prod', { ...context, slashCommand: '/af' })).toEqual({
        name: 'usage',
        message:
          '`restart` is not a command. Commands: `help`, `deployments`, `ti`, `runs`, `failed`, `logs`, `mark`, `clear`, `note`, `audit`, `snooze`, `snoozes`, `unsnooze`, `digest`, `pending`.\nSee `/af help`.',
      });
    });
  });

  describe('--share', () => {
    it('sets share wherever it appears', () => {
      expect(parse('--share deployments')).toEqual({ name: 'deployments', share: true });
      expect(parse('runs etl --share 3')).toEqual({ name: 'runs', dagId: 'etl', limit: 3, share: true });
      expect(parse('failed --share')).toEqual({ name: 'failed', share: true });
    });

    it('accepts the dash that autocorrect makes of --share', () => {
      expect(parse('failed —share')).toEqual({ name: 'failed', share: true });
      expect(parse('failed –share')).toEqual({ name: 'failed', share: true });
    });

    it('does not read a word that merely contains --share as the option', () => {
      expect(parse('ti etl latest load--share')).toMatchObject({ share: false, target: { taskId: 'load--share' } });
    });
  });

  describe('ti', () => {
    it('reads the deployment, DAG, run id and task', () => {
      expect(parse('ti prod etl manual__1 load')).toEqual({
        name: 'ti',
        share: false,
        target: { deployment: 'prod', dagId: 'etl', run: { kind: 'id', runId: 'manual__1' }, taskId: 'load', mapIndex: -1 },
      });
    });

    it('leaves the deployment out when three words name the task instance', () => {
      expect(parse('ti etl latest load')).toEqual({
        name: 'ti',
        share: false,
        target: { deployment: undefined, dagId: 'etl', run: latest, taskId: 'load', mapIndex: -1 },
      });
    });

    it('reads a known deployment in any case and returns its configured name', () => {
      expect(parse('ti PROD etl latest load')).toMatchObject({ target: { deployment: 'prod' } });
    });

    it('reads the first of four words as a deployment even when it is not known, for the caller to report', () => {
      expect(parse('ti qa etl latest load')).toMatchObject({ target: { deployment: 'qa', dagId: 'etl' } });
    });

    it('refuses a run, DAG or task id holding a lone surrogate (from a modal or shortcut, which Slack sends as JSON)', () => {
      expect(problemOf(parse('ti etl manual__\ud800 load'))).toMatch(/^`manual__.` is not a run: it is not well-formed text\./u);
      expect(problemOf(parse('ti etl_\udc00 latest load'))).toMatch(/^`etl_.` is not a DAG id: it is not well-formed text\./u);
      expect(problemOf(parse('ti etl latest \ud83d'))).toMatch(/^`.` is not a task id: it is not well-formed text\./u);
    });

    it('keeps run ids with +, :, / and dots intact', () => {
      for (const runId of ['scheduled__2026-11-22T00:00:00+00:00', 'manual/with/slash', 'backfill__v1.2:x', 'a&b<c>']) {
        expect(parse(`ti etl ${runId.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')} load`)).toMatchObject({
          target: { run: { kind: 'id', runId } },
        });
      }
    });

    it('reads latest in any case', () => {
      expect(parse('ti etl Latest load')).toMatchObject({ target: { run: latest } });
    });

    it('reads a bare date as midnight UTC', () => {
      expect(parse('ti etl 2026-11-22 load')).toMatchObject({ target: { run: { kind: 'date', date: new Date('2026-11-22T00:00:00Z') } } });
    });

    it('reads a date-time without offset as UTC, and honours an offset', () => {
      const runOf = (word: string): unknown => {
        const result = parse(`ti etl ${word} load`);
        return result.name === 'ti' ? result.target.run : result;
      };
      expect(runOf('2026-11-22T06:30')).toEqual({ kind: 'date', date: new Date('2026-11-22T06:30:00Z') });
      expect(runOf('2026-11-22T06:30:15Z')).toEqual({ kind: 'date', date: new Date('2026-11-22T06:30:15Z') });
      expect(runOf('2026-11-22T06:30:15.250Z')).toEqual({ kind: 'date', date: new Date('2026-11-22T06:30:15.250Z') });
      expect(runOf('2026-11-22T06:30:00+02:00')).toEqual({ kind: 'date', date: new Date('2026-11-22T04:30:00Z') });
      expect(runOf('2026-11-22T06:30-0130')).toEqual({ kind: 'date', date: new Date('2026-11-22T08:00:00Z') });
    });

    it('keeps a run id that merely contains a date as a run id', () => {
      for (const runId of ['scheduled__2026-11-22', '2026-11-22_rerun', 'x2026-11-22T00:00', '2026-11-22T00:00:00+00:00:00']) {
        expect(parse(`ti etl ${runId} load`)).toMatchObject({ target: { run: { kind: 'id', runId } } });
      }
    });

    it('refuses a date that does not exist', () => {
      expect(problemOf(parse('ti etl 2026-02-30 load'))).toBe('`2026-02-30` looks like a date but is not a valid one.');
      expect(problemOf(parse('ti etl 2026-11-22T24:00 load'))).toBe('`2026-11-22T24:00` looks like a date but is not a valid one.');
      expect(problemOf(parse('ti etl 2026-11-22T06:00+24:00 load'))).toBe(
        '`2026-11-22T06:00+24:00` looks like a date but is not a valid one.',
      );
    });

    it('accepts 29 February in a leap year only', () => {
      expect(parse('ti etl 2028-02-29 load')).toMatchObject({ target: { run: { kind: 'date', date: new Date('2028-02-29T00:00:00Z') } } });
      expect(problemOf(parse('ti etl 2026-02-29 load'))).toBe('`2026-02-29` looks like a date but is not a valid one.');
    });

    it('reads a trailing :<digits> on the task as the map index', () => {
      expect(parse('ti etl latest group.load:3')).toMatchObject({ target: { taskId: 'group.load', mapIndex: 3 } });
      expect(parse('ti etl latest load:0')).toMatchObject({ target: { taskId: 'load', mapIndex: 0 } });
    });

    it('refuses a negative, empty or non-numeric map index', () => {
      for (const word of ['load:-1', 'load:x', 'load:', 'load:1.5', 'load:99999999999999999999']) {
        expect(problemOf(parse(`ti etl latest ${word}`))).toBe(`The map index in \`${word}\` must be a whole number, 0 or more (as in \`load:3\`).`);
      }
    });

    it('refuses DAG and task ids Airflow would not accept', () => {
      expect(problemOf(parse('ti et/l latest load'))).toBe('`et/l` is not a DAG id: ids use letters, digits, `_`, `-` and `.`.');
      expect(problemOf(parse('ti etl latest a:b:3'))).toBe('`a:b` is not a task id: ids use letters, digits, `_`, `-` and `.`.');
    });

    it('says which parts are missing', () => {
      expect(problemOf(parse('ti'))).toBe('Missing the DAG id, the run and the task id: name the task instance, or paste its link from the Airflow UI.');
      expect(problemOf(parse('ti etl latest'))).toBe('Missing the task id: name the task instance, or paste its link from the Airflow UI.');
      expect(problemOf(parse('ti prod etl latest'))).toBe('Missing the task id: name the task instance, or paste its link from the Airflow UI.');
    });

    it('refuses words left over after the task id', () => {
      expect(problemOf(parse('ti prod etl latest load extra'))).toBe('Too many words: `extra` is left over after the task id.');
    });

    it('gives the full usage for ti: the problem, both forms with examples, and what a run is', () => {
      expect(parse('ti etl')).toEqual({
        name: 'usage',
        subcommand: 'ti',
        message: [
          'Missing the run and the task id: name the task instance, or paste its link from the Airflow UI.',
          'Usage: `/airflow ti [&lt;deployment&gt;] &lt;dag_id&gt; &lt;run&gt; &lt;task_id&gt;[:&lt;map_index&gt;]`  e.g. `/airflow ti prod etl latest load`',
          'Usage: `/airflow ti &lt;Airflow UI link&gt;`  e.g. `/airflow ti https://airflow.example.com/dags/etl/runs/manual__2026-11-22T00:00:00+00:00/tasks/load`',
          '`&lt;run&gt;` is a run id, `latest`, or a date such as `2026-11-22` or `2026-11-22T06:00Z`.',
        ].join('\n'),
      });
    });

    it('tolerates repeated spaces, tabs, non-breaking spaces and smart quotes around words', () => {
      expect(parse('  ti \t “prod”\u00a0\u00a0‘etl’   "latest"  load  ')).toEqual(parse('ti prod etl latest load'));
    });

    it('echoes typed text escaped, and without a code span when it holds a backtick', () => {
      expect(problemOf(parse('ti etl latest lo&lt;a&gt;d'))).toBe('`lo&lt;a&gt;d` is not a task id: ids use letters, digits, `_`, `-` and `.`.');
      expect(problemOf(parse('ti etl latest lo`ad'))).toBe('“lo`ad” is not a task id: ids use letters, digits, `_`, `-` and `.`.');
    });

    it('shortens long typed text in messages', () => {
      const long = 'x'.repeat(300);
      expect(problemOf(parse(`ti prod etl latest load ${long}`))).toBe(`Too many words: \`${'x'.repeat(79)}…\` is left over after the task id.`);
    });
  });

  describe('ti with an Airflow UI link', () => {
    const grid =
      'https://airflow.example.com/dags/etl/grid?dag_run_id=scheduled__2026-11-22T00%3A00%3A00%2B00%3A00&task_id=load&map_index=2';

    it('reads an Airflow 2 grid link as Slack wraps it, with &amp; in the query', () => {
      expect(parse(`ti <${grid.replace(/&/g, '&amp;')}>`)).toEqual({
        name: 'ti',
        share: false,
        target: {
          deployment: 'prod',
          dagId: 'etl',
          run: { kind: 'id', runId: 'scheduled__2026-11-22T00:00:00+00:00' },
          taskId: 'load',
          mapIndex: 2,
        },
      });
    });

    it('reads a link with a label, and a bare link', () => {
      const expected = parse(`ti <${grid.replace(/&/g, '&amp;')}>`);
      expect(parse(`ti <${grid.replace(/&/g, '&amp;')}|the failed load>`)).toEqual(expected);
      expect(parse(`ti ${grid.replace(/&/g, '&amp;')}`)).toEqual(expected);
    });

    it('reads an Airflow 3 link under a UI base path, with a slash in the run id', () => {
      expect(parse('ti <https://tools.example.com/airflow/dags/etl/runs/manual%2Fwith%2Fslash/tasks/load/mapped/4> --share')).toEqual({
        name: 'ti',
        share: true,
        target: { deployment: 'staging', dagId: 'etl', run: { kind: 'id', runId: 'manual/with/slash' }, taskId: 'load', mapIndex: 4 },
      });
    });

    it('says no deployment has the UI of an unknown site', () => {
      expect(problemOf(parse('ti <https://elsewhere.example.org/dags/etl/runs/r/tasks/load>'))).toBe(
        'No deployment has its Airflow UI at `https://elsewhere.example.org`.',
      );
    });

    it('says when a link into a known UI does not name a task instance', () => {
      expect(problemOf(parse('ti https://airflow.example.com/dags/etl/grid'))).toBe(
        'That link does not point to a task instance: open the task instance in the Airflow UI and copy its link.',
      );
    });

    it('wants the link alone', () => {
      expect(problemOf(parse(`ti ${grid} load`))).toBe('Paste the link alone: `load` is left over.');
    });

    it('keeps a task id that Slack turned into a link as typed', () => {
      expect(parse('ti etl latest <http://report.io|report.io>')).toMatchObject({ target: { taskId: 'report.io' } });
    });
  });

  describe('runs', () => {
    it('reads the deployment, the DAG and the count', () => {
      expect(parse('runs prod etl 5')).toEqual({ name: 'runs', deployment: 'prod', dagId: 'etl', limit: 5, share: false });
    });

    it('defaults the count to 10 and the deployment to the channel default', () => {
      expect(parse('runs etl')).toEqual({ name: 'runs', deployment: undefined, dagId: 'etl', limit: 10, share: false });
      expect(parse('runs etl 25')).toEqual({ name: 'runs', deployment: undefined, dagId: 'etl', limit: 25, share: false });
    });

    it('reads a known deployment as the deployment even when a number follows', () => {
      expect(parse('runs prod etl')).toEqual({ name: 'runs', deployment: 'prod', dagId: 'etl', limit: 10, share: false });
      expect(parse('runs prod 7')).toEqual({ name: 'runs', deployment: 'prod', dagId: '7', limit: 10, share: false });
    });

    it('reads two words as deployment and DAG when the second is not a number', () => {
      expect(parse('runs qa etl')).toEqual({ name: 'runs', deployment: 'qa', dagId: 'etl', limit: 10, share: false });
    });

    it('refuses a count outside 1 to 25', () => {
      for (const count of ['0', '26', '-1', '3.5', 'many']) {
        expect(problemOf(parse(`runs prod etl ${count}`))).toBe(`The number of runs must be a whole number from 1 to 25, not \`${count}\`.`);
      }
    });

    it('says the DAG is missing, and refuses extra words', () => {
      expect(parse('runs prod')).toEqual({
        name: 'usage',
        subcommand: 'runs',
        message: 'Missing the DAG id.\nUsage: `/airflow runs [&lt;deployment&gt;] &lt;dag_id&gt; [&lt;n&gt;]`  e.g. `/airflow runs prod etl 5`',
      });
      expect(problemOf(parse('runs'))).toBe('Missing the DAG id.');
      expect(problemOf(parse('runs prod etl 5 6'))).toBe('Too many words: `6` is left over.');
    });

    it('refuses a DAG id Airflow would not accept', () => {
      expect(problemOf(parse('runs prod et/l'))).toBe('`et/l` is not a DAG id: ids use letters, digits, `_`, `-` and `.`.');
    });
  });

  describe('failed', () => {
    it('reads no words as every DAG of the channel default', () => {
      expect(parse('failed')).toEqual({ name: 'failed', share: false });
    });

    it('reads one word as a deployment when it names one, else as a DAG', () => {
      expect(parse('failed staging')).toEqual({ name: 'failed', deployment: 'staging', share: false });
      expect(parse('failed etl')).toEqual({ name: 'failed', dagId: 'etl', share: false });
    });

    it('reads two words as deployment and DAG', () => {
      expect(parse('failed prod etl')).toEqual({ name: 'failed', deployment: 'prod', dagId: 'etl', share: false });
      expect(parse('failed qa etl')).toEqual({ name: 'failed', deployment: 'qa', dagId: 'etl', share: false });
    });

    it('refuses extra words', () => {
      expect(problemOf(parse('failed prod etl now'))).toBe('Too many words: `now` is left over.');
    });

    it('refuses a DAG id Airflow would not accept', () => {
      expect(problemOf(parse('failed et/l'))).toBe('`et/l` is not a DAG id: ids use letters, digits, `_`, `-` and `.`.');
      expect(problemOf(parse('failed prod a*b'))).toBe('`a*b` is not a DAG id: ids use letters, digits, `_`, `-` and `.`.');
    });
  });

  describe('logs', () => {
    it('reads the task instance and no try', () => {
      expect(parse('logs etl latest load')).toEqual({
        name: 'logs',
        share: false,
        target: { deployment: undefined, dagId: 'etl', run: latest, taskId: 'load', mapIndex: -1 },
      });
    });

    it('reads try <n>', () => {
      expect(parse('logs prod etl latest load:1 try 2')).toEqual({
        name: 'logs',
        share: false,
        tryNumber: 2,
        target: { deployment: 'prod', dagId: 'etl', run: latest, taskId: 'load', mapIndex: 1 },
      });
    });

    it('reads --file anywhere after logs, with or without a try', () => {
      expect(parse('logs prod etl latest load try 2 --file')).toEqual({
        name: 'logs',
        share: false,
        tryNumber: 2,
        file: true,
        target: { deployment: 'prod', dagId: 'etl', run: latest, taskId: 'load', mapIndex: -1 },
      });
      expect(parse('logs —file etl latest load')).toMatchObject({ name: 'logs', file: true, target: { dagId: 'etl', taskId: 'load' } });
    });

    it('reads a link followed by try <n>', () => {
      expect(parse('logs https://airflow.example.com/dags/etl/runs/r1/tasks/load try 3')).toMatchObject({
        name: 'logs',
        tryNumber: 3,
        target: { deployment: 'prod', run: { kind: 'id', runId: 'r1' } },
      });
    });

    it('refuses a missing or invalid try number', () => {
      expect(problemOf(parse('logs etl latest load try'))).toBe('Give the try number after `try`, as in `try 2`.');
      for (const word of ['0', '-1', 'x']) {
        expect(problemOf(parse(`logs etl latest load try ${word}`))).toBe(`The try number must be a whole number from 1, not \`${word}\`.`);
      }
    });

    it('refuses +downstream', () => {
      expect(problemOf(parse('logs etl latest load +downstream'))).toBe('`+downstream` only goes with `mark` and `clear`.');
    });

    it('explains the task instance form in its usage', () => {
      const result = parse('logs');
      expect(result).toEqual({
        name: 'usage',
        subcommand: 'logs',
        message: [
          'Missing the DAG id, the run and the task id: name the task instance, or paste its link from the Airflow UI.',
          'Usage: `/airflow logs &lt;task instance&gt; [try &lt;n&gt;] [--file]`  e.g. `/airflow logs prod etl 2026-11-22 load try 2`',
          '`&lt;task instance&gt;` is `[&lt;deployment&gt;] &lt;dag_id&gt; &lt;run&gt; &lt;task_id&gt;[:&lt;map_index&gt;]` or an Airflow UI link; `&lt;run&gt;` is a run id, `latest`, or a date such as `2026-11-22` or `2026-11-22T06:00Z`.',
        ].join('\n'),
      });
    });
  });

  describe('mark', () => {
    it('reads mark success with +downstream and +upstream in any order and case', () => {
      expect(parse('mark success +Upstream prod etl latest load +downstream')).toEqual({
        name: 'mark',
        share: false,
        newState: 'success',
        includeDownstream: true,
        includeUpstream: true,
        target: { deployment: 'prod', dagId: 'etl', run: latest, taskId: 'load', mapIndex: -1 },
      });
    });

    it('reads mark failed without options', () => {
      expect(parse('mark FAILED etl 2026-11-22 load')).toEqual({
        name: 'mark',
        share: false,
        newState: 'failed',
        includeDownstream: false,
        includeUpstream: false,
        target: { deployment: undefined, dagId: 'etl', run: { kind: 'date', date: new Date('2026-11-22T00:00:00Z') }, taskId: 'load', mapIndex: -1 },
      });
    });

    it('refuses a missing or unknown state', () => {
      expect(problemOf(parse('mark'))).toBe('Say which state to set: `success` or `failed`.');
      expect(problemOf(parse('mark running etl latest load'))).toBe('Say which state to set: `success` or `failed`, not `running`.');
    });

    it('refuses an unknown option', () => {
      expect(problemOf(parse('mark success etl latest load +recursive'))).toBe(
        '`mark` does not know the option `+recursive`; it takes `+downstream` and `+upstream`.',
      );
    });
  });

  describe('clear', () => {
    it('reads clear with +downstream', () => {
      expect(parse('clear etl latest load:3 +downstream')).toEqual({
        name: 'clear',
        share: false,
        includeDownstream: true,
        target: { deployment: undefined, dagId: 'etl', run: latest, taskId: 'load', mapIndex: 3 },
      });
    });

    it('reads clear without options', () => {
      expect(parse('clear prod etl latest load')).toMatchObject({ name: 'clear', includeDownstream: false });
    });

    it('refuses +upstream', () => {
      expect(problemOf(parse('clear etl latest load +upstream'))).toBe('`clear` does not know the option `+upstream`; it takes `+downstream`.');
    });
  });

  describe('audit', () => {
    it('reads a task instance with or without its deployment', () => {
      expect(parse('audit prod etl latest load:2')).toEqual({
        name: 'audit',
        share: false,
        target: { deployment: 'prod', dagId: 'etl', run: latest, taskId: 'load', mapIndex: 2 },
      });
      expect(parse('audit etl latest load --share')).toMatchObject({ name: 'audit', share: true, target: { deployment: undefined } });
    });

    it('explains the form when the task is missing', () => {
      expect(parse('audit prod etl')).toMatchObject({ name: 'usage', subcommand: 'audit' });
    });
  });

  describe('pending', () => {
    it('reads every deployment, or the one named', () => {
      expect(parse('pending')).toEqual({ name: 'pending', share: false });
      expect(parse('pending prod --share')).toEqual({ name: 'pending', deployment: 'prod', share: true });
    });

    it('refuses words after the deployment', () => {
      const result = parse('pending prod etl');
      expect(result.name).toBe('usage');
      expect(result.name === 'usage' && result.message.split('\n')[0]).toBe('Too many words: `etl` is left over.');
    });
  });

  describe('digest', () => {
    it('takes no words', () => {
      expect(parse('digest')).toEqual({ name: 'digest', share: false });
      expect(parse('digest --share')).toEqual({ name: 'digest', share: true });
      expect(problemOf(parse('digest prod'))).toBe('`digest` takes no words, but got `prod`.');
    });
  });

  describe('note', () => {
    it('takes the rest of the text, trimmed, keeping its spacing and characters', () => {
      expect(parse('note prod etl latest load   Rerun  after the fix &amp; a <https://status.example.com|status> check  ')).toEqual({
        name: 'note',
        share: false,
        text: 'Rerun  after the fix & a https://status.example.com check',
        target: { deployment: 'prod', dagId: 'etl', run: latest, taskId: 'load', mapIndex: -1 },
      });
    });

    it('reads three words as the task instance when the first is not a deployment', () => {
      expect(parse('note etl latest load vendor feed late')).toMatchObject({
        target: { deployment: undefined, dagId: 'etl', taskId: 'load' },
        text: 'vendor feed late',
      });
    });

    it('reads a link as the task instance', () => {
      expect(parse('note https://airflow.example.com/dags/etl/runs/r1/tasks/load rerun')).toMatchObject({
        target: { deployment: 'prod', dagId: 'etl', taskId: 'load' },
        text: 'rerun',
      });
    });

    it('unwraps quotes around the whole text but keeps quotes inside it', () => {
      expect(parse('note etl latest load “Rerun after fix”')).toMatchObject({ text: 'Rerun after fix' });
      expect(parse('note etl latest load "a" and "b"')).toMatchObject({ text: '"a" and "b"' });
      expect(parse("note etl latest load it's fine")).toMatchObject({ text: "it's fine" });
    });

    it('takes --share out of the text', () => {
      expect(parse('note etl latest load --share retried by hand')).toMatchObject({ share: true, text: 'retried by hand' });
    });

    it('keeps multi-line text', () => {
      expect(parse('note etl latest load line one\nline two')).toMatchObject({ text: 'line one\nline two' });
    });

    it('accepts 1000 characters and refuses 1001, counting emoji as one character', () => {
      expect(parse(`note etl latest load ${'😀'.repeat(1000)}`)).toMatchObject({ name: 'note', text: '😀'.repeat(1000) });
      expect(problemOf(parse(`note etl latest load ${'a'.repeat(1001)}`))).toBe('The note is 1001 characters long; Airflow keeps at most 1000.');
    });

    it('refuses a missing text', () => {
      expect(problemOf(parse('note prod etl latest load'))).toBe('Missing the note text after the task instance.');
      expect(problemOf(parse('note etl latest load ""'))).toBe('Missing the note text after the task instance.');
    });
  });
});

describe('COMMAND_FORMS', () => {
  it('covers every subcommand, and every example parses as its own subcommand', () => {
    expect(COMMAND_NAMES).toEqual(['help', 'deployments', 'ti', 'runs', 'failed', 'logs', 'mark', 'clear', 'note', 'audit', 'snooze', 'snoozes', 'unsnooze', 'digest', 'pending']);
    for (const form of COMMAND_FORMS) {
      expect(parse(form.example).name).toBe(form.name);
    }
  });

  it('formats a form with the configured slash command, escaped for mrkdwn', () => {
    const runs = COMMAND_FORMS.find((form) => form.name === 'runs');
    expect(runs && formatUsage(runs, '/af')).toBe('`/af runs [&lt;deployment&gt;] &lt;dag_id&gt; [&lt;n&gt;]`  e.g. `/af runs prod etl 5`');
  });
});
