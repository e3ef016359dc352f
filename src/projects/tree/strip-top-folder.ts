import { resolveLinkTarget } from '../intake/entry-path';
import { commonTopFolder } from '../intake/top-folder';
import type { FileRow } from '../store/file-row';

/**
 * AWX strips an archive's single top-level folder (`tar czf p.tgz myproject/`, GitHub's
 * tarballs): the project's root is then that folder. Known only once every path has streamed
 * past, so it is done on the stored rows. A link that stayed inside the archive but leaves the
 * folder (`myproject/a -> ../x`) would leave the project: it is checked again, and refused.
 */
export function stripTopFolder(rows: FileRow[]): FileRow[] {
  const top = commonTopFolder(rows.map((r) => r.path));
  if (top === undefined) return rows;
  return rows.map((row) => {
    const path = row.path.slice(top.length + 1);
    if (row.linkTarget !== undefined) resolveLinkTarget(path, row.linkTarget);
    return { ...row, path };
  });
}
