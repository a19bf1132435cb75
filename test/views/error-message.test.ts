import { errorMessage } from '../../src/views/error-message';
import { checkSlackLimits } from '../../src/views/limits';

describe('errorMessage', () => {
  it('shows the user message after a warning sign, as written', () => {
    const message = errorMessage('No DAG `etl` in *demo-v2*.');
    expect(message).toEqual({
      text: ':warning: No DAG `etl` in *demo-v2*.',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':warning: No DAG `etl` in *demo-v2*.' } }],
    });
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('cuts a very long message to fit Slack', () => {
    const message = errorMessage('e'.repeat(10000));
    expect(checkSlackLimits(message)).toEqual([]);
    expect(message.text.endsWith('…')).toBe(true);
  });
});
