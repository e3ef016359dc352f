import { findingsOf as found, ROLE_TASKS as TASKS } from '../test-project';

// Every expectation below is what ansible-lint 6.13.1 (--offline, Debian package) reported on the same
// tree, committed to git in a folder of that name.

const SKELETON = [
  '---', '# comment', 'galaxy_info:', '  author: your name', '  description: your description', '  company: your company (optional)',
  '  license: license (GPL-2.0-or-later, MIT, etc)', '  min_ansible_version: "2.9"', '  platforms:', '    - name: Debian', '      versions: [bullseye]',
  '  galaxy_tags: web', 'dependencies: []', '',
].join('\n');

describe('meta-incorrect, meta-no-tags (ansible-lint 6.13.1 fixtures)', () => {
  it('flags the skeleton defaults on the galaxy_info line, and a galaxy_tags string', () => {
    expect(found({ 'meta/main.yml': SKELETON })).toEqual([
      "meta-no-tags@meta/main.yml:1 Expected 'galaxy_tags' to be a list",
      'meta-incorrect@meta/main.yml:3 Should change default metadata: author',
      'meta-incorrect@meta/main.yml:3 Should change default metadata: description',
      'meta-incorrect@meta/main.yml:3 Should change default metadata: company',
      'meta-incorrect@meta/main.yml:3 Should change default metadata: license',
    ]);
  });

  it('the old skeleton licence counts, other placeholders do not', () => {
    const meta = 'galaxy_info:\n  author: me\n  description: your role description\n  company: your company\n  license: license (GPLv2, CC-BY, etc)\n  min_ansible_version: "2.9"\n  platforms:\n    - name: Debian\n      versions: [all]\n';
    expect(found({ 'meta/main.yml': meta })).toEqual(['meta-incorrect@meta/main.yml:1 Should change default metadata: license']);
  });

  it('tags that are no lower-case alphanumeric strings, and categories', () => {
    const meta = 'galaxy_info:\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  platforms:\n    - name: Debian\n      versions: [all]\n  galaxy_tags:\n    - a\n    - b-c\n    - 123\n';
    expect(found({ 'meta/main.yml': meta })).toEqual([
      "meta-no-tags@meta/main.yml:1 Tags must contain lowercase letters and digits only., invalid: 'b-c'",
      "meta-no-tags@meta/main.yml:1 Tags must be strings: '123'",
    ]);
    expect(found({ 'meta/main.yml': meta.replace('  galaxy_tags:', '  categories: [web]\n  galaxy_tags:') })).toEqual([
      "schema[meta]@meta/main.yml:1 Additional properties are not allowed ('categories' was unexpected)",
      "meta-no-tags@meta/main.yml:1 Use 'galaxy_tags' rather than 'categories'",
    ]);
  });
});

describe('meta-video-links, schema[meta] additional properties (ansible-lint 6.13.1 fixtures)', () => {
  const meta = (links: string) => `galaxy_info:\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  platforms:\n    - name: Debian\n      versions: [all]\n  video_links:\n${links}`;

  it('entries that are no {url, title} mapping, or whose URL is no recognised share link (identical messages collapse)', () => {
    const links = '    - https://youtu.be/abc\n    - url: https://vimeo.com/123\n    - title: only title\n    - url: https://www.youtube.com/watch?v=abc\n      title: A\n    - url: https://drive.google.com/file/d/abc/view\n      title: B\n    - url: https://vimeo.com/abc\n      title: C\n    - url: https://youtu.be/abc\n      title: D\n';
    expect(found({ 'meta/main.yml': meta(links) })).toEqual([
      "schema[meta]@meta/main.yml:1 Additional properties are not allowed ('video_links' was unexpected)",
      "meta-video-links@meta/main.yml:1 Expected item in 'video_links' to be a dictionary",
      "meta-video-links@meta/main.yml:1 Expected item in 'video_links' to contain only keys 'url' and 'title'",
      "meta-video-links@meta/main.yml:1 URL format 'https://www.youtube.com/watch?v=abc' is not recognized. Expected it be a shared link from Vimeo, YouTube, or Google Drive.",
      "meta-video-links@meta/main.yml:1 URL format 'https://vimeo.com/abc' is not recognized. Expected it be a shared link from Vimeo, YouTube, or Google Drive.",
    ]);
  });

  it('lists every unknown galaxy_info key, sorted, before a platform problem', () => {
    const extra = 'galaxy_info:\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  cloud_platforms: [aws]\n  dependencies: []\n  logo: x\n  platforms:\n    - name: EL\n      versions: ["10"]\n';
    expect(found({ 'meta/main.yml': extra })).toEqual([
      "schema[meta]@meta/main.yml:1 Additional properties are not allowed ('cloud_platforms', 'dependencies', 'logo' were unexpected)",
    ]);
  });
});

describe('schema[meta] platforms (probed one entry at a time with ansible-lint 6.13.1)', () => {
  const meta = (name: string, version: string) => `galaxy_info:\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  platforms:\n    - name: ${name}\n      versions: ["${version}"]\n`;
  const schema = (name: string, version: string) => found({ 'meta/main.yml': meta(name, version) }).filter((f) => f.startsWith('schema[meta]')).length;

  it.each([['Ubuntu', 'kinetic'], ['Ubuntu', 'noble'], ['Debian', 'trixie'], ['EL', '10'], ['Fedora', '39'], ['Amazon Linux', '2023'], ['Rocky', 'all'], ['FreeBSD', '14.0'], ['GenericLinux', 'any']])(
    'rejects %s %s', (name, version) => expect(schema(name, version)).toBe(1));

  it('rejects unquoted numeric versions and a one-letter role_name', () => {
    const numeric = 'galaxy_info:\n  role_name: ab\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  platforms:\n    - name: EL\n      versions:\n        - 7\n        - 8\n';
    expect(found({ 'meta/main.yml': numeric }).map((f) => f.split(' ')[0])).toEqual(['schema[meta]@meta/main.yml:1']);
    expect(found({ 'meta/main.yml': numeric.replace('role_name: ab', 'role_name: x') })).toEqual(["schema[meta]@meta/main.yml:1 'x' is too short"]);
  });

  it.each([['Ubuntu', 'jammy'], ['Debian', 'bookworm'], ['EL', '9'], ['Fedora', '37'], ['Amazon', '2018.03'], ['opensuse', '15.5'], ['Windows', '2022'], ['macOS', 'all'], ['FreeBSD', '13.0']])(
    'accepts %s %s', (name, version) => expect(schema(name, version)).toBe(0));
});

describe('meta-no-info and schema[meta] on incomplete galaxy_info (ansible-lint 6.13.1, one role per case)', () => {
  const base = '  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  platforms:\n    - name: Debian\n      versions: [all]\n';
  const without = (line: string) => base.split('\n').filter((l) => !l.startsWith(line)).join('\n');
  const cases: Record<string, string> = {
    ns: `  namespace: My-Name\n${base}`, nodesc: without('  description'), nolic: without('  license'), nomin: without('  min_ansible_version'),
    noauth: without('  author'), noplat: base.split('  platforms')[0], licl: base.replace('license: MIT', 'license: [MIT, BSD]'),
    platstr: `${base.split('  platforms')[0]}  platforms: Debian\n`, depstr: `${base}dependencies: 'x'\n`, depname: `${base}dependencies:\n  - name: x\n  - src: y\n`,
  };
  const tree = Object.fromEntries(Object.entries(cases).flatMap(([role, info]) => [[`roles/${role}/meta/main.yml`, `galaxy_info:\n${info}`], [`roles/${role}/tasks/main.yml`, TASKS]]));

  it('names each missing field, the wrong types and the namespace pattern', () => {
    expect(found(tree).map((f) => f.replace(/^(\S+)@roles\/(\w+)\/meta\/main.yml:1 /, '$2 $1 ')).sort()).toEqual([
      "depstr schema[meta] 'x' is not of type 'array'",
      "licl schema[meta] ['MIT', 'BSD'] is not of type 'string'",
      'noauth meta-no-info Role info should contain author', "noauth schema[meta] 'author' is a required property",
      'nodesc meta-no-info Role info should contain description', "nodesc schema[meta] 'description' is a required property",
      'nolic meta-no-info Role info should contain license', "nolic schema[meta] 'license' is a required property",
      'nomin meta-no-info Role info should contain min_ansible_version', "nomin schema[meta] 'min_ansible_version' is a required property",
      'noplat meta-no-info Role info should contain platforms',
      "ns schema[meta] 'My-Name' does not match '^\\[a-z]\\[a-z0-9_]+$'",
      'platstr meta-no-info Platforms should be a list of dictionaries', "platstr schema[meta] 'Debian' is not of type 'array'",
    ]);
  });
});
