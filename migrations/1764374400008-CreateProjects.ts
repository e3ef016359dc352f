import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProjects1764374400008 implements MigrationInterface {
  name = 'CreateProjects1764374400008';

  async up(q: QueryRunner): Promise<void> {
    // A project is a name, an owner, an optional git source and the revision that is its head.
    await q.query(`
      CREATE TABLE projects (
        id                uuid PRIMARY KEY,
        user_id           text NOT NULL,
        name              text NOT NULL,
        git_url           text,
        git_ref           text,
        git_submodules    boolean NOT NULL DEFAULT false,
        head_revision_id  uuid,
        created_at        timestamptz(3) NOT NULL DEFAULT now(),
        updated_at        timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX projects_user_created_idx ON projects (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX projects_created_idx ON projects (created_at DESC, id DESC)`);

    // Content-addressed bytes, shared by every project and revision that holds them. A blob is
    // cut into chunks so that a large file never has to be one value in memory.
    await q.query(`CREATE TABLE project_blobs (sha256 bytea PRIMARY KEY, size bigint NOT NULL)`);
    await q.query(`
      CREATE TABLE project_blob_chunks (
        sha256  bytea NOT NULL REFERENCES project_blobs ON DELETE CASCADE,
        seq     integer NOT NULL,
        data    bytea NOT NULL,
        PRIMARY KEY (sha256, seq)
      )`);

    // Immutable once written: a revision row is inserted in the same transaction as its files.
    await q.query(`
      CREATE TABLE project_revisions (
        id              uuid PRIMARY KEY,
        project_id      uuid NOT NULL REFERENCES projects ON DELETE CASCADE,
        source          text NOT NULL CHECK (source IN ('archive', 'git')),
        archive_sha256  text,
        git_commit      text,
        git_subject     text,
        file_count      integer NOT NULL,
        total_bytes     bigint NOT NULL,
        playbooks       text[] NOT NULL,
        created_at      timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX project_revisions_project_idx ON project_revisions (project_id, created_at DESC, id DESC)`);
    // Retention finds old revisions oldest first.
    await q.query(`CREATE INDEX project_revisions_created_idx ON project_revisions (created_at)`);
    await q.query(`
      ALTER TABLE projects ADD CONSTRAINT projects_head_fk
        FOREIGN KEY (head_revision_id) REFERENCES project_revisions ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED`);
    // Retention asks whether a revision is some project's head.
    await q.query(`CREATE INDEX projects_head_idx ON projects (head_revision_id)`);

    await q.query(`
      CREATE TABLE project_files (
        revision_id  uuid NOT NULL REFERENCES project_revisions ON DELETE CASCADE,
        path         text NOT NULL,
        mode         integer NOT NULL,
        size         bigint NOT NULL,
        sha256       bytea NOT NULL REFERENCES project_blobs,
        link_target  text,
        PRIMARY KEY (revision_id, path)
      )`);
    // Blob collection asks "does any file still hold these bytes?".
    await q.query(`CREATE INDEX project_files_blob_idx ON project_files (sha256)`);

    // Only project tasks have these keys, so other tasks add no index entries. Retention asks
    // whether a task still refers to a revision; project lint finds its previous result (the cache).
    await q.query(`CREATE INDEX tasks_revision_idx ON tasks ((payload->>'revision_id')) WHERE payload ? 'revision_id'`);
    await q.query(`
      CREATE INDEX tasks_project_lint_idx ON tasks ((payload->>'project_id'), completed_at DESC)
        WHERE type = 'lint' AND status = 'completed' AND payload ? 'project_id'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_project_lint_idx`);
    await q.query(`DROP INDEX tasks_revision_idx`);
    await q.query(`ALTER TABLE projects DROP CONSTRAINT projects_head_fk`);
    await q.query(`DROP TABLE project_files`);
    await q.query(`DROP TABLE project_revisions`);
    await q.query(`DROP TABLE project_blob_chunks`);
    await q.query(`DROP TABLE project_blobs`);
    await q.query(`DROP TABLE projects`);
  }
}
