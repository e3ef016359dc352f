/**
 * The one top-level folder every path lies under, as GitHub's tarballs and `tar czf x.tgz project/`
 * make, so the caller can strip it (AWX does the same). A file at the top level, two top-level
 * folders, or nothing under the folder means there is nothing to strip.
 */
export function commonTopFolder(paths: string[]): string | undefined {
  const tops = new Set(paths.map((path) => path.split('/')[0]));
  if (tops.size !== 1 || !paths.every((path) => path.includes('/'))) return undefined;
  return [...tops][0];
}
