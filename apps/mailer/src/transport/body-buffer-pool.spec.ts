import { BodyBufferPool } from './body-buffer-pool';

describe('BodyBufferPool', () => {
  it('hands memory given back to the next body that fits in it', () => {
    const pool = new BodyBufferPool(2);
    const first = pool.take(1_000);
    pool.give(first.subarray(0, 10));
    const second = pool.take(800);
    expect(second.buffer).toBe(first.buffer);
    expect(second.length).toBe(1_000);
  });

  it('makes new memory when nothing given back is large enough', () => {
    const pool = new BodyBufferPool(2);
    const small = pool.take(100);
    pool.give(small);
    const large = pool.take(5_000);
    expect(large.buffer).not.toBe(small.buffer);
    expect(large.length).toBe(5_000);
    expect(pool.take(100).buffer).toBe(small.buffer);
  });

  it('keeps at most as many bodies as it was told, the largest, and each only once', () => {
    const pool = new BodyBufferPool(2);
    const [a, b, c] = [pool.take(100), pool.take(300), pool.take(200)];
    pool.give(a);
    pool.give(b);
    pool.give(b);
    pool.give(c);
    const handedOut = [pool.take(1), pool.take(1), pool.take(1)].map((taken) => taken.buffer);
    expect(handedOut.slice(0, 2)).toEqual(expect.arrayContaining([b.buffer, c.buffer]));
    expect(handedOut[2]).not.toBe(a.buffer);
  });
});
