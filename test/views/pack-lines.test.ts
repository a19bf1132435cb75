import { packLines, packLinesCounted } from '../../src/views/pack-lines';

describe('packLines', () => {
  it('joins lines into as few texts as fit', () => {
    expect(packLines(['a', 'b', 'c'], 3)).toEqual(['a\nb', 'c']);
    expect(packLines(['aa', 'bb'], 5)).toEqual(['aa\nbb']);
  });

  it('cuts a line that cannot fit on its own', () => {
    expect(packLines(['abcdef', 'g'], 4)).toEqual(['abcd', 'g']);
  });

  it('returns nothing for no lines', () => {
    expect(packLines([], 10)).toEqual([]);
  });
});

describe('packLinesCounted', () => {
  it('tells how many lines each text holds', () => {
    expect(packLinesCounted(['a', 'b', 'c', 'dddd'], 5)).toEqual([
      { text: 'a\nb\nc', lineCount: 3 },
      { text: 'dddd', lineCount: 1 },
    ]);
  });
});
