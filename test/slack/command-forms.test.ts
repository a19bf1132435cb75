import { COMMAND_FORMS, formsForDeployment } from '../../src/slack/command-forms';

describe('formsForDeployment', () => {
  it('writes every example that names a deployment with the one given', () => {
    const examples = formsForDeployment(COMMAND_FORMS, 'demo-v2').map((form) => form.example);

    expect(examples).toContain('ti demo-v2 etl latest load');
    expect(examples).toContain('mark success demo-v2 etl latest load +downstream');
    expect(examples).toContain('note demo-v2 etl latest load Rerun after the vendor fixed the feed');
    expect(examples.filter((example) => /(^|\s)prod(\s|$)/.test(example))).toEqual([]);
  });

  it('leaves words that only contain the placeholder alone, and the examples as written without a deployment', () => {
    const forms = [{ name: 'ti' as const, syntax: 'ti', example: 'ti prod production_etl latest load', summary: '' }];

    expect(formsForDeployment(forms, 'eu')[0]?.example).toBe('ti eu production_etl latest load');
    expect(formsForDeployment(COMMAND_FORMS, undefined)).toEqual(COMMAND_FORMS);
  });

  it('describes note as it behaves: appended, signed, no preview', () => {
    const note = COMMAND_FORMS.find((form) => form.name === 'note');

    expect(note?.summary).toBe(
      'Adds a line, signed with your name, to the note on a task instance, at once (no preview). ' +
        'The whole note stays within Airflow’s 1000 characters: the bot’s own oldest lines give way, never anyone’s text.',
    );
  });
});
