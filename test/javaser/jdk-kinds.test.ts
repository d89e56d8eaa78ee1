// Which class names the parser decodes to their meaning: exactly the listed JDK classes.
import { describe, expect, it } from 'vitest';
import { JdkKind, jdkKindOf } from '../../src/javaser/jdk-kinds.js';

describe('jdkKindOf', () => {
  it('knows the JDK classes by their full names', () => {
    expect(jdkKindOf('java.lang.Integer')).toBe(JdkKind.Boxed);
    expect(jdkKindOf('java.util.ArrayList')).toBe(JdkKind.List);
    expect(jdkKindOf('java.util.TreeSet')).toBe(JdkKind.TreeSet);
    expect(jdkKindOf('java.math.BigDecimal')).toBe(JdkKind.BigDecimal);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'Integer', 'de.winlaufen.Ergebnis', ''])(
    'a class named %j is no JDK class',
    (name) => expect(jdkKindOf(name)).toBe(JdkKind.None),
  );
});
