import { checkSlackLimits } from '../../src/views/limits';
import { workingMessage } from '../../src/views/working-message';

describe('workingMessage', () => {
  it('shows a short line with an hourglass and an ellipsis', () => {
    expect(workingMessage('Looking up etl / load in demo-v2')).toEqual({
      text: ':hourglass_flowing_sand: Looking up etl / load in demo-v2…',
      blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: ':hourglass_flowing_sand: Looking up etl / load in demo-v2…' }] }],
    });
  });

  it('does not double an ellipsis that is already there', () => {
    expect(workingMessage('Checking the deployments…').text).toBe(':hourglass_flowing_sand: Checking the deployments…');
  });

  it('escapes ids and stays short with a 250-character id', () => {
    const message = workingMessage(`Looking up ${'<&>'.repeat(83)}x`);
    expect(message.text).toContain('&lt;&amp;&gt;');
    expect(message.text).not.toContain('<&>');
    expect(message.text.length).toBeLessThanOrEqual(530);
    expect(checkSlackLimits(message)).toEqual([]);
  });
});
