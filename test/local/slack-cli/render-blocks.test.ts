import { readableMrkdwn, renderBlocksAsText, renderMessageAsText, renderViewAsText } from '../../../local/slack-cli/render-blocks';
import { SAMPLE_CARD } from './sample-card';

describe('renderBlocksAsText', () => {
  it('renders a task instance card: header, section with fields, context, divider and buttons', () => {
    expect(renderBlocksAsText(SAMPLE_CARD)).toBe(
      [
        '== transform failed ==',
        ':red_circle: *failed* on try 2 of 3 in etl_daily <https://airflow.example.com/dags/etl_daily> & friends',
        '  *Run* `scheduled__2026-01-01`',
        '  *Duration* 5m 3s',
        'Demo Airflow 3 · asked by @ULOCAL0001 · @here',
        '----------------------------------------',
        '[ View logs ]  [ Mark success ]  [ Open in Airflow ] <https://airflow.example.com/ti>',
      ].join('\n'),
    );
  });

  it('renders a section accessory button, an image, rich text, an input and an unknown block', () => {
    const blocks = [
      { type: 'section', text: { type: 'plain_text', text: 'Plain <b>' }, accessory: { type: 'button', text: { type: 'plain_text', text: 'Refresh' } } },
      { type: 'image', image_url: 'https://x/y.png', alt_text: 'graph' },
      { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'rich ' }, { type: 'link', url: 'https://z' }] }] },
      { type: 'input', label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', initial_value: 'old\nnote' } },
      { type: 'video' },
      'not a block',
    ];

    expect(renderBlocksAsText(blocks)).toBe(
      ['Plain <b>', '  [ Refresh ]', '[image: graph]', 'rich https://z', 'Note: [ old note ]', '[video block]'].join('\n'),
    );
  });
});

describe('readableMrkdwn', () => {
  it('turns links, mentions and escapes into plain text', () => {
    expect(readableMrkdwn('<https://a.example|the log> <https://b.example> <#C1|data-oncall> <@U1> <!subteam^S1|@oncall> &lt;x&gt;')).toBe(
      'the log <https://a.example> https://b.example #data-oncall @U1 @oncall <x>',
    );
  });
});

describe('renderMessageAsText', () => {
  it('falls back to the text when there are no blocks', () => {
    expect(renderMessageAsText({ text: 'Marked &amp; done' })).toBe('Marked & done');
  });
});

describe('renderViewAsText', () => {
  it('frames a modal with its title and its submit and close buttons', () => {
    const view = {
      title: { type: 'plain_text', text: 'Add note' },
      submit: { type: 'plain_text', text: 'Save' },
      close: { type: 'plain_text', text: 'Cancel' },
      blocks: [
        { type: 'context', elements: [{ type: 'mrkdwn', text: '`transform` in `etl_daily`' }] },
        { type: 'input', label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input' } },
      ],
    };

    expect(renderViewAsText(view)).toBe(['┌ Add note', '│ `transform` in `etl_daily`', '│ Note: [ … ]', '└ [ Save ]  [ Cancel ]'].join('\n'));
  });

  it('shows a menu’s preselected option, else its placeholder', () => {
    const select = (initial?: string) => ({
      type: 'input',
      label: { type: 'plain_text', text: 'Deployment' },
      element: {
        type: 'static_select',
        placeholder: { type: 'plain_text', text: 'Pick one' },
        ...(initial === undefined ? {} : { initial_option: { text: { type: 'plain_text', text: initial }, value: initial } }),
      },
    });

    expect(renderViewAsText({ title: { type: 'plain_text', text: 'Airflow' }, blocks: [select('demo-v2'), select()] })).toBe(
      ['┌ Airflow', '│ Deployment: [ demo-v2 ▾ ]', '│ Deployment: [ Pick one ▾ ]', '└'].join('\n'),
    );
  });
});
