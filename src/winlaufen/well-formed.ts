// Java strings may hold lone surrogates (modified UTF-8 allows them); UTF-8 (msgpack, JSON over
// the wire, browsers) cannot. Every text taken into the results is made well-formed here, so both
// encodings carry the same string: a lone surrogate becomes U+FFFD.
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormed(text: string): string {
  // Almost every name has no surrogate at all: test that cheaply first.
  return ANY_SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\uFFFD') : text;
}
