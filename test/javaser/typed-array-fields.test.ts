// The getters called directly give what the properties give, for every kind of view the parser is fed.
import { describe, expect, it } from 'vitest';
import { arrayBufferOf, byteOffsetOf } from '../../src/javaser/typed-array-fields.js';

describe('arrayBufferOf and byteOffsetOf', () => {
  const pooled = Buffer.from('a pooled buffer');
  const views: Array<[string, Uint8Array]> = [
    ['a pooled Buffer', pooled],
    ['a subarray of it', pooled.subarray(3, 9)],
    ['an unpooled Buffer', Buffer.alloc(64)],
    ['a Uint8Array on its own ArrayBuffer', new Uint8Array(new ArrayBuffer(32), 5, 20)],
    ['a small Uint8Array (kept on the V8 heap until its buffer is asked for)', new Uint8Array(8)],
    ['an empty Buffer', Buffer.alloc(0)],
  ];
  it.each(views)('%s', (_name, view) => {
    expect(arrayBufferOf(view)).toBe(view.buffer);
    expect(byteOffsetOf(view)).toBe(view.byteOffset);
  });
});
