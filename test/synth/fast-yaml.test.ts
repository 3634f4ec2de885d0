import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Yaml } from 'cdk8s';
import fc from 'fast-check';
import { Document, Scalar, isScalar, parse, parseAllDocuments, stringify, visit } from 'yaml';
import { SecretValue } from '../../lib';
import { renderYaml } from '../../lib/core/private/config-yaml';
import { escapeForContexts, holdsSecret, replaceSecrets } from '../../lib/core/private/secret-markers';
import { FastYaml } from '../../lib/synth/private/fast-yaml';

const OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;
const GOLDEN = join(__dirname, '..', 'golden');

// Strings that exercise the yaml library's choices: YAML 1.1 words, numbers, indicators,
// leading/trailing blanks, multi-line text with and without a final newline, unicode.
const tricky = fc.oneof(
  fc.constantFrom('---', '...', '%YAML', 'a\n---\nb', 'x\n...', '--- a', 'yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'true', '0640', '1e3', '.5', '1:20', '2001-12-14', '- a', ': x', '#c', 'a #b', 'a: b',
    '{x}', '[1]', '*a', '&b', '!t', '|', '>', '%d', '@x', '`x`', '"q"', "'s'", ' lead', 'trail ', 'a\nb', 'a\nb\n', 'a\n\nb\n\n', '  indented\nx', 'tab\there', 'ü ñ', ''),
  fc.string(),
  fc.string({ unit: fc.constantFrom('a', ' ', '\n', ':', '#', '-', '"', "'", '{', '0', '\t', 'é') }),
  // the strings the emitter writes without the library: words, addresses, multi-line ASCII
  fc.string({ unit: fc.constantFrom('a', 'Y', 'n', 'o', 'N', 'e', 'x', '_', '.', '/', '-', '0', '1', '\n', ' ', '#', '~') }),
  fc.constantFrom('y', 'Yes', 'NO', 'oN', 'off', 'Null', 'nULL', 'true', 'e5', 'e-0', 'E+12', 'x.5', 'a/b', '_x', 'NaN', 'Infinity', 'inf'),
  fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300), fc.option(fc.nat(40))).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}${p === null ? '' : `/${p}`}`),
  fc.array(fc.string({ unit: fc.constantFrom('a', ' ', '#', ':', '-', '|', '"') }), { minLength: 2, maxLength: 5 }).map((lines) => lines.join('\n')),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    tricky, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('node'), { maxKeys: 4 })),
})).node;

describe('FastYaml writes the same bytes as the yaml library with cdk8s options', () => {
  test('random JSON-shaped documents', () => {
    fc.assert(fc.property(fc.dictionary(tricky, value, { maxKeys: 6 }), (doc) => {
      expect(new FastYaml().document(doc)).toBe(stringify(doc, OPTIONS));
    }), { numRuns: Number(process.env.FAST_YAML_RUNS ?? 500) });
  });

  test('every short word over the characters that decide YAML 1.1 types', () => {
    const alphabet = ['a', 'e', 'E', 'y', 'n', 'o', 'N', 'l', '0', '7', '-', '+', '.', '_', '/', ':', ' ', '\n'];
    let words = [''];
    const all: string[] = [];
    for (let length = 1; length <= 3; length++) {
      words = words.flatMap((w) => alphabet.map((c) => w + c));
      all.push(...words);
    }
    const fast = new FastYaml();
    for (const w of all) {
      const doc = { [w]: w, list: [w, `${w}\nx`, `x\n${w}`] };
      expect(fast.document(doc)).toBe(stringify(doc, OPTIONS));
    }
  });

  test('MAC addresses, plain or quoted where YAML 1.1 reads a base-60 number', () => {
    const fast = new FastYaml();
    const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, '0')), fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')));
    fc.assert(fc.property(fc.array(octet, { minLength: 6, maxLength: 6 }), fc.boolean(), (octets, upper) => {
      const mac = upper ? octets.join(':').toUpperCase() : octets.join(':');
      const doc = { mac, list: [mac] };
      expect(fast.document(doc)).toBe(stringify(doc, OPTIONS));
    }), { numRuns: 2000 });
    expect(fast.document({ a: '52:54:00:12:34:56', b: '52:54:00:ab:34:56', c: '52:54:00:12:34:78' })).toBe('a: "52:54:00:12:34:56"\nb: 52:54:00:ab:34:56\nc: 52:54:00:12:34:78\n');
  });

  test('document markers, whose rendering depends on indentation, at every depth', () => {
    const markers = ['---', '...', '%x', 'a\n---', '--- b'];
    for (const m of markers) {
      for (const doc of [{ [m]: m }, { a: { [m]: { b: m } } }, { a: [m, { [m]: [m] }] }, { a: { b: { c: { [m]: m } } } }]) {
        expect(new FastYaml().document(doc)).toBe(stringify(doc, OPTIONS));
      }
    }
  });

  test('multi-document output as cdk8s joins it', () => {
    fc.assert(fc.property(fc.array(fc.dictionary(tricky, value, { maxKeys: 3 }), { maxLength: 4 }), (docs) => {
      expect(new FastYaml().documents(docs)).toBe(Yaml.stringify(...docs));
    }), { numRuns: 200 });
  });

  test('the golden manifests re-serialise byte for byte', () => {
    for (const f of readdirSync(GOLDEN, { recursive: true }).map(String).filter((name) => name.endsWith('.yaml'))) {
      const text = readFileSync(join(GOLDEN, f), 'utf8');
      const docs = parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
      expect(new FastYaml().documents(docs)).toBe(text);
    }
  });
});

/** The reference for configuration YAML: a yaml Document with marker scalars restyled. */
/** Rendered text with the markers' context tags taken off (the reference writes untagged markers). */
function untag(text: string): string {
  return text.replace(/(__GITVOPS_SECRET_\d+)(?:_(?:q|b\d+))+__/g, '$1__');
}

function referenceConfigYaml(value: unknown): string {
  const options = { version: '1.1', lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;
  const doc = new Document(value, options);
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && holdsSecret(node.value)) {
        node.type = node.value.includes('\n') && _key !== 'key' ? Scalar.BLOCK_LITERAL : Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString(options);
}

describe('configuration YAML (cloud-config, RKE2 config) is the yaml library\'s, without building documents', () => {
  const marker = SecretValue.unsafePlainText('s3cret').toString();
  const withMarkers = fc.oneof(tricky, fc.constantFrom(marker, `a ${marker}`, `x\n${marker}\ny`, `${marker}\n`, `yes ${marker}`));
  const configValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
      withMarkers, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constant(undefined),
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(withMarkers, tie('node'), { maxKeys: 4 })),
  })).node;

  test('random documents with undefined values and SecretValue markers', () => {
    // (documents the library writes whole, those with a document marker, write marker strings
    // double-quoted: compared in the hostile-value tests below instead)
    const documentMarker = (v: unknown): boolean => (typeof v === 'string' ? /^(%|---|\.\.\.)/m.test(v)
      : Array.isArray(v) ? v.some(documentMarker) : !!v && typeof v === 'object' && Object.entries(v).some(([k, x]) => documentMarker(k) || documentMarker(x)));
    fc.assert(fc.property(fc.dictionary(withMarkers, configValue, { maxKeys: 6 }), (doc) => {
      fc.pre(!documentMarker(doc) || !JSON.stringify(doc).includes('__GITVOPS_SECRET_'));
      expect(untag(renderYaml(doc))).toBe(referenceConfigYaml(doc));
    }), { numRuns: Number(process.env.FAST_YAML_RUNS ?? 500) });
  });

  // the value a marker stands for, revealed with the escaping of each context it was tagged with,
  // reads back unchanged from the YAML (and from YAML nested in YAML)
  const hostile = 'p"a\\ss: #x {{ y }}\n  second line\t é ✓ \'q\' - [x]';
  const reveal = (text: string) => replaceSecrets(text, (_s, contexts) => {
    const escaped = escapeForContexts(hostile, contexts);
    if (escaped.error) throw new Error(escaped.error);
    return escaped.text!;
  });
  const substitute = (v: unknown): unknown => {
    if (typeof v === 'string') return v.split(marker).join(hostile);
    if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : substitute(x)));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [substitute(k) as string, substitute(x)]));
    }
    return v;
  };
  const hostileDocs = fc.dictionary(fc.constantFrom('token', 'a', marker), fc.oneof(
    fc.constantFrom(marker, `pre ${marker} post`, `line\n${marker}\nend\n`, `  indented\n  ${marker}`, `---\n${marker}`),
    fc.array(fc.constantFrom(marker, `x\n${marker}`), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('b', 'c'), fc.constantFrom(marker, `y\n  ${marker}\n`), { maxKeys: 2 }),
  ), { maxKeys: 3 });

  test('a hostile value at any marker reads back unchanged (quotes, backslash, newline, #, ": ", braces, non-ASCII, control)', () => {
    fc.assert(fc.property(hostileDocs, (doc) => {
      expect(parse(reveal(renderYaml(doc)), { version: '1.1' })).toEqual(substitute(doc));
    }), { numRuns: 200 });
  });

  test('a control character reads back from a double-quoted scalar; a literal block refuses it', () => {
    const text = renderYaml({ one: `a ${marker}`, many: `a\n${marker}` });
    const values: string[] = [];
    const errors: string[] = [];
    replaceSecrets(text, (_s, contexts) => {
      const r = escapeForContexts('bell\u0007\r', contexts);
      if (r.error) errors.push(r.error);
      else values.push(r.text!);
      return '';
    });
    expect(values).toEqual(['bell\\a\\r']);
    expect(errors).toEqual(['contains a carriage return or a non-printable character, which a YAML block literal cannot carry']);
    expect(parse(`k: "${values[0]}"`, { version: '1.1' })).toEqual({ k: 'bell\u0007\r' });
  });

  test('nested: a rendered document inside a multi-line string of another (config.yaml in a cloud-config)', () => {
    fc.assert(fc.property(hostileDocs, fc.constantFrom(0, 1, 2), (inner, depth) => {
      const innerText = renderYaml(inner);
      const outer = { write_files: [{ path: '/etc/x.yaml', content: depth === 0 ? innerText : `# header\n${innerText}` }], list: depth === 2 ? [[innerText]] : [] };
      const parsed: any = parse(reveal(renderYaml(outer)), { version: '1.1' });
      const content: string = depth === 2 ? parsed.list[0][0] : parsed.write_files[0].content;
      expect(parse(content, { version: '1.1' })).toEqual(substitute(inner));
    }), { numRuns: 200 });
  });

  test('a one-line marker string of printable ASCII is written in double quotes as it is, as the library does', () => {
    const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
    fc.assert(fc.property(printable, printable, (before, after) => {
      const doc = { token: `${before}${marker}${after}`, list: [`${marker}${after}`] };
      expect(untag(renderYaml(doc))).toBe(referenceConfigYaml(doc));
    }), { numRuns: 1000 });
  });

  test('undefined map values are left out, undefined items are null, emptied maps are {}', () => {
    const doc = { a: [undefined, 1], b: undefined, c: { d: undefined }, e: 'x' };
    expect(renderYaml(doc)).toBe('a:\n  - null\n  - 1\nc: {}\ne: x\n');
    expect(renderYaml(doc)).toBe(referenceConfigYaml(doc));
  });

  test('markers are double-quoted on one line and literal blocks on several, keys included', () => {
    const doc = { token: marker, script: `echo\n${marker}\n`, [marker]: 1, list: [marker] };
    const text = renderYaml(doc);
    expect(untag(text)).toBe(referenceConfigYaml(doc));
    const tagged = (tags: string) => marker.replace(/__$/, `${tags}__`);
    expect(text).toContain(`token: "${tagged('_q')}"`);
    expect(text).toContain(`script: |\n  echo\n  ${tagged('_b2')}\n`);
    expect(text).toContain(`"${tagged('_q')}": 1`);
    expect(text).toContain(`- "${tagged('_q')}"`);
  });

  test('values that are not JSON-shaped and document markers fall back to the library', () => {
    for (const doc of [{ a: new Date(0) }, { a: -0 }, { a: { b: '---\nx' } }, { '...': [1] }, { a: new Map([['k', 1]]) }, { a: 1n }]) {
      expect(untag(renderYaml(doc))).toBe(referenceConfigYaml(doc));
    }
  });
});
