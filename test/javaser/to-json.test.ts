// toJson follows docs/javaser-json.md; JDK class decoders (checked against the JDK in jdk.test.ts)
// plus corners the fixtures do not reach.
import { describe, expect, it } from 'vitest';
import {
  InferredObject,
  JAVA_CLASS,
  JavaBigDecimal,
  JavaBigInteger,
  JavaBlockData,
  JavaClassRef,
  JavaDate,
  JavaEnum,
  JavaException,
  JavaMap,
  JavaObject,
  JavaSet,
  Unresolved,
  toJson,
  type JavaArray,
} from '../../src/javaser/index.js';

describe('toJson', () => {
  it('maps scalars as the table says', () => {
    expect(toJson(null)).toBeNull();
    expect(toJson('a\ud800')).toBe('a\ud800');
    expect(toJson(true)).toBe(true);
    expect(toJson(1.5)).toBe(1.5);
    expect(toJson(NaN)).toEqual({ $double: 'NaN' });
    expect(toJson(Infinity)).toEqual({ $double: 'Infinity' });
    expect(toJson(-Infinity)).toEqual({ $double: '-Infinity' });
    expect(toJson(-(2n ** 63n))).toEqual({ $long: '-9223372036854775808' });
    expect(toJson(new Unresolved(0x7e01a8))).toEqual({ $unresolved: 0x7e01a8 });
  });

  it('maps the JDK classes and other objects', () => {
    const map = new JavaMap('java.util.HashMap');
    map.entries.push(['k', 1]);
    const set = new JavaSet('java.util.TreeSet');
    set.items.push('x');
    const obj = new JavaObject('p.O');
    obj.set('f', 1);
    obj.set('__proto__', 'not a prototype');
    obj.annotations = { 'p.O': [new JavaBlockData(Uint8Array.of(1, 2)), 'o'] };
    expect(toJson(map)).toEqual({ $map: [['k', 1]], $type: 'java.util.HashMap' });
    expect(toJson(set)).toEqual({ $set: ['x'], $type: 'java.util.TreeSet' });
    expect(toJson(new JavaDate(-1))).toEqual({ $date: -1 });
    expect(toJson(new JavaBigInteger(-(10n ** 30n)))).toEqual({ $bigint: '-1000000000000000000000000000000' });
    expect(toJson(new JavaEnum('p.Color', 'RED'))).toEqual({ $enum: 'p.Color', name: 'RED' });
    expect(toJson(new JavaClassRef('p.X'))).toEqual({ $classref: 'p.X' });
    expect(toJson(new JavaException(obj))).toMatchObject({ $exception: { $class: 'p.O' } });
    const json = toJson(obj) as Record<string, unknown>;
    expect(Object.getPrototypeOf(obj.fields)).toBe(Object.prototype);
    expect(JSON.stringify(json)).toBe('{"$class":"p.O","f":1,"__proto__":"not a prototype","$annotations":{"p.O":[{"$bytes":"0102"},"o"]}}');
    expect(toJson(new InferredObject(0x7e0001, null, Uint8Array.of(0, 0, 0, 18)))).toEqual({ $unreadable: null, handle: 0x7e0001, $bytes: '00000012' });
  });

  it('marks cycles with the class name, prints shared (acyclic) values fully', () => {
    const arr: JavaArray = [];
    arr[JAVA_CLASS] = '[Ljava.lang.Object;';
    const o = new JavaObject('p.Node');
    o.set('self', o);
    o.set('list', arr);
    arr.push(arr, o, 'x');
    const shared = ['s'];
    expect(toJson(o)).toEqual({
      $class: 'p.Node',
      self: { $cycle: 'p.Node' },
      list: [{ $cycle: '[Ljava.lang.Object;' }, { $cycle: 'p.Node' }, 'x'],
    });
    expect(toJson([shared, shared])).toEqual([['s'], ['s']]);
  });
});

describe('BigDecimal.toString()', () => {
  const cases: Array<[bigint, number, string]> = [
    [123n, 0, '123'],
    [123n, 2, '1.23'],
    [-123n, 5, '-0.00123'],
    [123n, -2, '1.23E+4'],
    [1n, 10, '1E-10'],
    [12345n, 12, '1.2345E-8'],
    [0n, 3, '0.000'],
    [0n, -2, '0E+2'],
    [5n, 7, '5E-7'],
    [5n, 6, '0.000005'],
  ];
  it.each(cases)('%s scale %s is %s', (unscaled, scale, text) => {
    expect(new JavaBigDecimal(unscaled, scale).toString()).toBe(text);
  });
});
