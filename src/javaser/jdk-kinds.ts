// JDK classes the parser decodes to their meaning instead of showing fields and annotations.

export enum JdkKind {
  None = 0,
  Boxed,
  Character,
  List,
  Vector,
  Map,
  Set,
  TreeSet,
  Date,
  BigInteger,
  BigDecimal,
}

// A Map, not an object literal: class names come from the stream, and a class may be named like an
// Object.prototype member (`toString`, `__proto__`); a lookup of a decoded (not interned) name in an
// object literal also takes V8's megamorphic keyed-load path.
const kinds = new Map<string, JdkKind>(Object.entries({
  'java.lang.Integer': JdkKind.Boxed,
  'java.lang.Long': JdkKind.Boxed,
  'java.lang.Short': JdkKind.Boxed,
  'java.lang.Byte': JdkKind.Boxed,
  'java.lang.Float': JdkKind.Boxed,
  'java.lang.Double': JdkKind.Boxed,
  'java.lang.Boolean': JdkKind.Boxed,
  'java.lang.Character': JdkKind.Character,
  'java.util.ArrayList': JdkKind.List,
  'java.util.LinkedList': JdkKind.List,
  'java.util.ArrayDeque': JdkKind.List,
  'java.util.Vector': JdkKind.Vector,
  'java.util.HashMap': JdkKind.Map,
  'java.util.LinkedHashMap': JdkKind.Map,
  'java.util.Hashtable': JdkKind.Map,
  'java.util.TreeMap': JdkKind.Map,
  'java.util.HashSet': JdkKind.Set,
  'java.util.LinkedHashSet': JdkKind.Set,
  'java.util.TreeSet': JdkKind.TreeSet,
  'java.util.Date': JdkKind.Date,
  'java.math.BigInteger': JdkKind.BigInteger,
  'java.math.BigDecimal': JdkKind.BigDecimal,
}));

export function jdkKindOf(className: string): JdkKind {
  return kinds.get(className) ?? JdkKind.None;
}
