import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { expectProblem } from '../support/expect-problem';
import { pythonArchive, tarGz, uploadProject } from '../support/projects';

const MIB = 1024 * 1024;

/** tarfile with one member per (name, type, extra TarInfo attributes, data). */
function tarOf(members: string): Buffer {
  return pythonArchive(`
t = tarfile.open(fileobj=buf, mode='w:gz', format=tarfile.GNU_FORMAT)
def add(name, kind=tarfile.REGTYPE, data=b'x', **kw):
    info = tarfile.TarInfo(name); info.type = kind; info.size = len(data) if kind == tarfile.REGTYPE else 0
    for k, v in kw.items(): setattr(info, k, v)
    t.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
add('demo/site.yml', data=b'- hosts: all\\n  tasks: []\\n')
${members}
t.close()`);
}

/** Every hostile or broken archive is a 4xx problem with a clear code, and nothing of it is kept. */
describe('project intake refuses hostile archives', () => {
  let t: TestApp;
  let alice: string;
  let existing: string;

  beforeAll(async () => {
    t = await startTestApp({ RELIA_PROJECT_MAX_FILES: '20', RELIA_PROJECT_MAX_UNPACKED_BYTES: String(8 * MIB), RELIA_PROJECT_MAX_BYTES: String(4 * MIB) });
    alice = await t.token('alice');
    existing = (await uploadProject(t, alice, tarGz({ 'site.yml': '- hosts: all\n  tasks: []\n' }), 'kept').expect(201)).body.project_id;
  });
  afterAll(() => t.close());

  const counts = async () => (await t.db.query(`SELECT (SELECT count(*) FROM projects) AS projects, (SELECT count(*) FROM project_revisions) AS revisions,
    (SELECT count(*) FROM project_files) AS files, (SELECT count(*) FROM project_blobs) AS blobs, (SELECT count(*) FROM project_blob_chunks) AS chunks`))[0];

  const cases: [string, () => Buffer, number, string][] = [
    ['an absolute path', () => tarOf(`add('/etc/cron.d/evil')`), 400, 'unsafe_path'],
    ['a ".." component', () => tarOf(`add('demo/../../evil')`), 400, 'unsafe_path'],
    ['a path that escapes once normalised', () => tarOf(`add('demo/a/./../../../evil')`), 400, 'unsafe_path'],
    ['a symlink out of the tree', () => tarOf(`add('demo/passwd', tarfile.SYMTYPE, linkname='../../../etc/passwd')`), 400, 'link_outside_tree'],
    ['an absolute symlink', () => tarOf(`add('demo/shadow', tarfile.SYMTYPE, linkname='/etc/shadow')`), 400, 'link_outside_tree'],
    ['a hard link out of the tree', () => tarOf(`add('demo/hard', tarfile.LNKTYPE, linkname='/etc/passwd')`), 400, 'link_outside_tree'],
    ['a device file', () => tarOf(`add('demo/dev', tarfile.CHRTYPE, devmajor=1, devminor=3)`), 400, 'special_file'],
    ['a FIFO', () => tarOf(`add('demo/fifo', tarfile.FIFOTYPE)`), 400, 'special_file'],
    ['more files than RELIA_PROJECT_MAX_FILES', () => tarOf(`for i in range(25): add('demo/f%d.yml' % i)`), 413, 'too_many_files'],
    ['more bytes unpacked than allowed', () => tarOf(`import os\nadd('demo/big.bin', data=os.urandom(${9 * MIB}))`), 413, 'too_large'],
    ['a larger upload than RELIA_PROJECT_MAX_BYTES', () => tarOf(`import os\nadd('demo/noise.bin', data=os.urandom(${5 * MIB}))`), 413, 'too_large'],
    ['duplicate entries', () => tarOf(`add('demo/site.yml')`), 400, 'duplicate_entry'],
    ['a name that is not UTF-8', () => tarOf(`add(b'demo/r\\xf4le.yml'.decode('utf-8', 'surrogateescape'))`), 400, 'bad_file_name'],
    ['a truncated archive', () => tarGz({ 'site.yml': randomBytes(200_000).toString('base64') }).subarray(0, 50_000), 400, 'corrupt_archive'],
    ['bytes that are no archive', () => randomBytes(4096), 400, 'corrupt_archive'],
  ];

  it.each(cases)('refuses %s, as a new project and as a new revision, keeping nothing', async (_name, archive, status, code) => {
    const body = archive();
    const before = await counts();
    const created = await uploadProject(t, alice, body, 'hostile');
    expectProblem(created, status, code);
    expect(created.body.detail).toEqual(expect.any(String));
    const revised = await request(t.url).post(`/projects/${existing}/revisions`).auth(alice, { type: 'bearer' })
      .set('Content-Type', 'application/gzip').send(body);
    expectProblem(revised, status, code);
    expect(await counts()).toEqual(before);
  });

  it('refuses a zip whose entries overlap (a zip bomb) and a body of another type', async () => {
    const bomb = pythonArchive(`
z = zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED)
z.writestr('demo/a.yml', b'a' * 100000)
z.close()
data = bytearray(buf.getvalue())
cd = data.rfind(b'PK\\x01\\x02'); eocd = data.rfind(b'PK\\x05\\x06')
entry = bytes(data[cd:eocd]).replace(b'demo/a.yml', b'demo/b.yml')
out = data[:eocd] + entry + data[eocd:]
eo = out.rfind(b'PK\\x05\\x06')
out[eo+8:eo+10] = (2).to_bytes(2, 'little'); out[eo+10:eo+12] = (2).to_bytes(2, 'little')
out[eo+12:eo+16] = (len(entry) * 2).to_bytes(4, 'little')
buf = io.BytesIO(bytes(out))`);
    const before = await counts();
    expectProblem(await uploadProject(t, alice, bomb, 'bomb', 'application/zip'), 400, 'archive_bomb');
    expectProblem(await uploadProject(t, alice, Buffer.from('hello'), 'text', 'text/plain'), 415, 'unsupported_media_type');
    expect(await counts()).toEqual(before);
  });

  it('keeps nothing of an upload whose client goes away, and takes the next one', async () => {
    const before = await counts();
    const archive = tarOf(`import os\nadd('demo/noise.bin', data=os.urandom(${3 * MIB}))`);
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${t.url}/projects?name=gone`, { method: 'POST', headers: { authorization: `Bearer ${alice}`,
        'content-type': 'application/gzip', 'content-length': archive.length } });
      req.on('error', () => resolve());
      req.write(archive.subarray(0, archive.length / 2), () => setTimeout(() => (req.destroy(), resolve()), 200));
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(await counts()).toEqual(before);
    await uploadProject(t, alice, tarGz({ 'site.yml': '- hosts: all\n  tasks: []\n' }), 'next').expect(201);
  });

  it('names what is wrong with a bad project name', async () => {
    const res = await uploadProject(t, alice, tarGz({ 'site.yml': '- hosts: all\n' }), '..%2Fevil');
    expectProblem(res, 400, 'validation_failed');
  });
});
